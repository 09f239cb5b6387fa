import { useCallback, useEffect, useRef, useState } from 'react';
import type { RemoteTracks } from '../core/MediaSession.js';
import { t } from '../i18n.js';
import { Icon } from './Icon.js';

/**
 * Plays every remote microphone through its own <audio> element. If the browser blocks autoplay
 * (no gesture on this page yet), a button lets the participant start the sound.
 */
export function RemoteAudio({ remote, gains }: { remote: RemoteTracks; gains?: Record<string, number> }) {
  const [blocked, setBlocked] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  const onBlocked = useCallback(() => setBlocked(true), []);
  const unblock = () => {
    const elements = container.current?.querySelectorAll('audio') ?? [];
    Promise.all([...elements].map((el) => el.play())).then(
      () => setBlocked(false),
      () => setBlocked(true),
    );
  };
  const mics = Object.entries(remote).flatMap(([participantId, tracks]) => (tracks.mic ? [{ participantId, track: tracks.mic }] : []));
  return (
    <div ref={container} className="remote-audio">
      {mics.map(({ participantId, track }) => (
        <AudioSink key={track.id} participantId={participantId} track={track} gain={gains?.[participantId] ?? 1} onBlocked={onBlocked} />
      ))}
      {blocked && (
        <button type="button" className="primary enable-sound" data-testid="enable-sound" onClick={unblock}>
          <Icon name="speaker" /> {t('courtroom.enableSound')}
        </button>
      )}
    </div>
  );
}

interface SinkProps {
  participantId: string;
  track: MediaStreamTrack;
  /** 0–1: the listener's interpretation choice (core/interpretation.ts); 1 without one. */
  gain: number;
  onBlocked: () => void;
}

function AudioSink({ participantId, track, gain, onBlocked }: SinkProps) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.volume = gain;
  }, [gain]);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = new MediaStream([track]);
    audio.play().catch((error: unknown) => {
      if ((error as { name?: string }).name === 'NotAllowedError') onBlocked();
    });
    return () => {
      audio.srcObject = null;
    };
  }, [track, onBlocked]);
  return <audio ref={ref} autoPlay data-testid="remote-audio" data-participant-id={participantId} />;
}
