import { useEffect, useState } from 'react';
import { needsMicrophone } from '../../../core/protocol/networkGrade.js';
import type { DevicePrefs } from '../core/localMedia.js';
import type { InvitationInfo } from '../core/protocol.js';
import { useMediaDevices } from '../hooks/useMediaDevices.js';
import { useMicLevel } from '../hooks/useMicLevel.js';
import { useNetworkCheck } from '../hooks/useNetworkCheck.js';
import { usePreviewTrack } from '../hooks/usePreviewTrack.js';
import { formatDateTime, t } from '../i18n.js';
import { CourtRules } from './CourtRules.js';
import { DeviceSelect } from './DeviceSelect.js';
import { EndScreen } from './EndScreen.js';
import { HearingInfo } from './HearingInfo.js';
import { MicLevelMeter } from './MicLevelMeter.js';
import { NetworkCheckPanel } from './NetworkCheckPanel.js';
import { SpeakerTest } from './SpeakerTest.js';
import { TopBar } from './TopBar.js';
import { TrackVideo } from './TrackVideo.js';

interface Props {
  info: InvitationInfo;
  /** The invitation: the network check connects with it, as the hearing will. */
  token: string;
  onContinue: (prefs: DevicePrefs) => void;
}

/**
 * The level (useMicLevel's 0..1 curve) that counts as a working microphone: 0.1 is an RMS of about
 * -52 dBFS, above the digital silence of a muted or dead input and well below quiet speech.
 */
const MIC_SIGNAL_LEVEL = 0.1;

/**
 * The invitation's hearing has ended: say so instead of offering the equipment check and "Vào
 * phiên tòa" (the link itself may still be valid; the hearing's state says it is over).
 */
export function EquipmentCheck(props: Props) {
  if (props.info.hearing.state === 'adjourned') return <EndScreen kind="ended" reason={null} endedBefore hearing={props.info.hearing} />;
  return <DeviceCheck {...props} />;
}

/**
 * Camera preview, microphone meter, device pickers, the network check and the speaker test, before
 * connecting to the hearing. Whoever the hearing needs to hear goes on only with a working microphone.
 */
function DeviceCheck({ info, token, onContinue }: Props) {
  const [audioId, setAudioId] = useState<string | null>(null);
  const [videoId, setVideoId] = useState<string | null>(null);
  const audio = usePreviewTrack('audio', audioId);
  const video = usePreviewTrack('video', videoId);
  // Device labels appear only once a capture succeeded: list again after each one.
  const devices = useMediaDevices(`${audio.track?.id}/${video.track?.id}`);
  const level = useMicLevel(audio.track);
  const micRequired = needsMicrophone(info.participant.role);
  // "You can still join" is not true without a microphone for those who need one: their reason is told by the button.
  const error = (micRequired ? null : audio.error) ?? video.error;
  // Signal seen once on this very track: the microphone works (sticky, so a pause in speech does not lock the door again).
  const [heardTrack, setHeardTrack] = useState<string | null>(null);
  useEffect(() => {
    if (audio.track?.readyState === 'live' && level >= MIC_SIGNAL_LEVEL) setHeardTrack(audio.track.id);
  }, [audio.track, level]);
  const micOk = !!audio.track && audio.track.readyState === 'live' && heardTrack === audio.track.id;
  const [speakerOk, setSpeakerOk] = useState<boolean | null>(null);
  const tracks = [audio.track, video.track].filter((track): track is MediaStreamTrack => !!track);
  const network = useNetworkCheck(token, tracks, audio.settled && video.settled);
  const [going, setGoing] = useState(false);
  const [rulesAccepted, setRulesAccepted] = useState(false);

  // Until the participant picks, show the device the browser actually opened.
  const shownAudio = audioId ?? audio.track?.getSettings().deviceId ?? '';
  const shownVideo = videoId ?? video.track?.getSettings().deviceId ?? '';

  return (
    <div className="page">
      <TopBar />
      <main className="equipment" data-testid="equipment-check">
        <section className="card equipment-devices">
          <h1>{t('equipment.title')}</h1>
          <p className="muted">{t('equipment.intro')}</p>
          <div className="preview">
            <TrackVideo track={video.track} testId="preview-video" mirror className="preview-video" label={t('equipment.previewName')} />
            {!video.track && <div className="preview-empty">{video.settled ? t('equipment.noPreview') : t('equipment.opening')}</div>}
          </div>
          {error && <p className="notice warn">{t('equipment.mediaError', { message: error })}</p>}
          <DeviceSelect
            id="camera-select"
            testId="camera-select"
            label={t('equipment.camera')}
            emptyLabel={t('equipment.noCamera')}
            devices={devices.videoInputs}
            value={shownVideo}
            onChange={setVideoId}
          />
          <DeviceSelect
            id="mic-select"
            testId="mic-select"
            label={t('equipment.microphone')}
            emptyLabel={t('equipment.noMic')}
            devices={devices.audioInputs}
            value={shownAudio}
            onChange={setAudioId}
          />
          <div className="field">
            <span className="label">{t('equipment.micLevel')}</span>
            <MicLevelMeter level={level} />
            <span className="hint">{t('equipment.speakHint')}</span>
            {micOk && (
              <span className="hint" data-testid="mic-ok">
                {t('check.micOk')}
              </span>
            )}
          </div>
          <SpeakerTest answer={speakerOk} onAnswer={setSpeakerOk} />
          <NetworkCheckPanel status={network.status} result={network.result} onAgain={network.again} />
        </section>
        <aside className="card equipment-hearing">
          <HearingInfo hearing={info.hearing} participant={info.participant} />
          <p className="muted small">
            {t('info.expiresAt')}: {formatDateTime(info.expiresAt)}
          </p>
          <CourtRules accepted={rulesAccepted} onChange={setRulesAccepted} />
          {micRequired && !micOk && (
            <p className="notice warn small" data-testid="mic-required" id="mic-required">
              {t('check.micNeeded')}
              {audio.error && <span className="small"> ({audio.error})</span>}
            </p>
          )}
          <button
            type="button"
            className="primary large"
            data-testid="continue-button"
            disabled={(micRequired && !micOk) || !rulesAccepted || going}
            aria-describedby={micRequired && !micOk ? 'mic-required' : undefined}
            onClick={() => {
              setGoing(true);
              const prefs = { audioDeviceId: shownAudio || null, videoDeviceId: shownVideo || null };
              // The report is bounded (useNetworkCheck): going on never hangs on it.
              void network.finish({ micOk, speakerOk, camera: !!video.track, rulesAccepted }).then(() => onContinue(prefs));
            }}
          >
            {t('equipment.continue')}
          </button>
        </aside>
      </main>
    </div>
  );
}
