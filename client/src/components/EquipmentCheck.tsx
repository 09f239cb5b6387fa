import { useState } from 'react';
import type { DevicePrefs } from '../core/localMedia.js';
import type { InvitationInfo } from '../core/protocol.js';
import { useMediaDevices } from '../hooks/useMediaDevices.js';
import { useMicLevel } from '../hooks/useMicLevel.js';
import { usePreviewTrack } from '../hooks/usePreviewTrack.js';
import { formatDateTime, t } from '../i18n.js';
import { DeviceSelect } from './DeviceSelect.js';
import { HearingInfo } from './HearingInfo.js';
import { MicLevelMeter } from './MicLevelMeter.js';
import { TopBar } from './TopBar.js';
import { TrackVideo } from './TrackVideo.js';

interface Props {
  info: InvitationInfo;
  onContinue: (prefs: DevicePrefs) => void;
}

/** Camera preview, microphone meter and device pickers, before connecting to the hearing. */
export function EquipmentCheck({ info, onContinue }: Props) {
  const [audioId, setAudioId] = useState<string | null>(null);
  const [videoId, setVideoId] = useState<string | null>(null);
  const audio = usePreviewTrack('audio', audioId);
  const video = usePreviewTrack('video', videoId);
  // Device labels appear only once a capture succeeded: list again after each one.
  const devices = useMediaDevices(`${audio.track?.id}/${video.track?.id}`);
  const level = useMicLevel(audio.track);
  const error = audio.error ?? video.error;

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
            <TrackVideo track={video.track} testId="preview-video" mirror className="preview-video" />
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
          </div>
        </section>
        <aside className="card equipment-hearing">
          <HearingInfo hearing={info.hearing} participant={info.participant} />
          <p className="muted small">
            {t('info.expiresAt')}: {formatDateTime(info.expiresAt)}
          </p>
          <button
            type="button"
            className="primary large"
            data-testid="continue-button"
            onClick={() => onContinue({ audioDeviceId: shownAudio || null, videoDeviceId: shownVideo || null })}
          >
            {t('equipment.continue')}
          </button>
        </aside>
      </main>
    </div>
  );
}
