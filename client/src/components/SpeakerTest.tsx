import { useState } from 'react';
import { t } from '../i18n.js';

/** A second of a soft 660 Hz tone, faded in and out so it does not click. */
const TONE_S = 1.2;

/**
 * Plays the tone through an audio element, as the hearing's voices are (RemoteAudio), so it comes out
 * where they will: the default output, or `sinkId` where the browser can choose (setSinkId).
 */
async function playTone(sinkId?: string): Promise<void> {
  const context = new AudioContext();
  try {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const out = context.createMediaStreamDestination();
    oscillator.frequency.value = 660;
    const now = context.currentTime;
    gain.gain.setValueAtTime(0, now);
    gain.gain.linearRampToValueAtTime(0.3, now + 0.05);
    gain.gain.setValueAtTime(0.3, now + TONE_S - 0.1);
    gain.gain.linearRampToValueAtTime(0, now + TONE_S);
    oscillator.connect(gain).connect(out);
    const audio = new Audio();
    audio.srcObject = out.stream;
    const withSink = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (sinkId && withSink.setSinkId) await withSink.setSinkId(sinkId);
    await context.resume();
    await audio.play();
    oscillator.start(now);
    oscillator.stop(now + TONE_S);
    await new Promise<void>((resolve) => (oscillator.onended = () => resolve()));
    audio.pause();
    audio.srcObject = null;
  } finally {
    void context.close().catch(() => {});
  }
}

interface Props {
  answer: boolean | null;
  onAnswer: (heard: boolean) => void;
  sinkId?: string;
}

/** "Did you hear it?": the participant's own answer is the only test of speakers there is. */
export function SpeakerTest({ answer, onAnswer, sinkId }: Props) {
  const [played, setPlayed] = useState(false);
  const [playing, setPlaying] = useState(false);
  const play = () => {
    setPlaying(true);
    playTone(sinkId)
      .catch((error: unknown) => console.warn('[vcourt] cannot play the test sound', error))
      .finally(() => {
        setPlaying(false);
        setPlayed(true);
      });
  };
  return (
    <div className="field speaker-test" data-testid="speaker-test" data-answer={answer === null ? '' : String(answer)}>
      <span className="label">{t('check.speaker')}</span>
      <button type="button" className="small secondary" data-testid="play-tone" disabled={playing} onClick={play}>
        {t('check.playTone')}
      </button>
      {played && (
        <div className="speaker-question">
          <span>{t('check.heard')}</span>
          <button
            type="button"
            className="small secondary"
            data-testid="heard-yes"
            aria-pressed={answer === true}
            onClick={() => onAnswer(true)}
          >
            {t('check.yes')}
          </button>
          <button
            type="button"
            className="small secondary"
            data-testid="heard-no"
            aria-pressed={answer === false}
            onClick={() => onAnswer(false)}
          >
            {t('check.no')}
          </button>
        </div>
      )}
      {answer === true && <p className="muted small">{t('check.speakerOk')}</p>}
      {answer === false && <p className="notice warn small">{t('check.speakerNo')}</p>}
    </div>
  );
}
