import type { MediaSession } from '../core/MediaSession.js';
import type { HearingSession } from '../core/HearingSession.js';
import type { ParticipantView } from '../core/protocol.js';
import { useStore } from '../hooks/useStore.js';
import { t } from '../i18n.js';
import { Icon } from './Icon.js';

interface Props {
  session: HearingSession;
  self: ParticipantView;
}

/** Our own mic, camera, screen share and leave buttons. Observers only get "leave". */
export function Controls({ session, self }: Props) {
  const media: MediaSession = session.media;
  const state = useStore(media);
  const forcedAudio = self.forcedMute.audio;
  const forcedVideo = self.forcedMute.video;
  const micOn = state.micOn && !forcedAudio;
  const cameraOn = state.cameraOn && !forcedVideo;
  return (
    <div className="controls" role="toolbar" aria-label={t('courtroom.controls')}>
      {!media.receiveOnly && (
        <>
          <div className="control">
            <button
              type="button"
              className={`control-button ${micOn ? 'on' : 'off'}`}
              data-testid="toggle-mic"
              data-on={String(micOn)}
              disabled={forcedAudio}
              aria-pressed={micOn}
              onClick={() => void media.setMic(!micOn).catch(() => {})}
            >
              <Icon name={micOn ? 'mic' : 'micOff'} /> {micOn ? t('controls.micOff') : t('controls.micOn')}
            </button>
            {forcedAudio && (
              <span className="control-note" data-testid="forced-mute-note">
                {t('courtroom.forcedMuted')}
              </span>
            )}
          </div>
          <div className="control">
            <button
              type="button"
              className={`control-button ${cameraOn ? 'on' : 'off'}`}
              data-testid="toggle-camera"
              data-on={String(cameraOn)}
              disabled={forcedVideo}
              aria-pressed={cameraOn}
              onClick={() => void media.setCamera(!cameraOn).catch(() => {})}
            >
              <Icon name={cameraOn ? 'camera' : 'cameraOff'} /> {cameraOn ? t('controls.cameraOff') : t('controls.cameraOn')}
            </button>
            {forcedVideo && <span className="control-note">{t('courtroom.forcedVideoOff')}</span>}
          </div>
          <div className="control">
            <button
              type="button"
              className={`control-button ${state.screenOn ? 'sharing' : ''}`}
              data-testid="toggle-screen"
              data-on={String(state.screenOn)}
              aria-pressed={state.screenOn}
              onClick={() => void (state.screenOn ? media.stopScreenShare() : media.startScreenShare())}
            >
              <Icon name="screen" /> {state.screenOn ? t('controls.screenStop') : t('controls.screenStart')}
            </button>
          </div>
        </>
      )}
      <div className="control control-leave">
        <button type="button" className="control-button danger" data-testid="leave-button" onClick={() => void session.leave()}>
          <Icon name="leave" /> {t('controls.leave')}
        </button>
      </div>
    </div>
  );
}
