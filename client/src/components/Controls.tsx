import { useState } from 'react';
import type { MediaSession } from '../core/MediaSession.js';
import type { HearingSession } from '../core/HearingSession.js';
import { leaveNeedsReason } from '../core/presence.js';
import type { ParticipantView } from '../core/protocol.js';
import { describeError } from '../errorText.js';
import { useStore } from '../hooks/useStore.js';
import { roleLabel, t } from '../i18n.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { Icon } from './Icon.js';
import { HandButton } from './HandButton.js';

interface Props {
  session: HearingSession;
  self: ParticipantView;
}

/**
 * Our own mic, camera, screen share and leave buttons. Observers only get "leave". Screen sharing
 * shows only once allowed (the bench always is). Leaving asks first; a party whose presence the
 * hearing needs says why (the bench sees it, the minutes keep it).
 */
export function Controls({ session, self }: Props) {
  const media: MediaSession = session.media;
  const state = useStore(media);
  const hearingState = useStore(session).hearing?.state;
  const [leaving, setLeaving] = useState(false);
  const [leaveError, setLeaveError] = useState<string | null>(null);
  const needsReason = hearingState !== undefined && leaveNeedsReason(self.role, hearingState);
  const leave = (reason: string) => {
    setLeaving(false);
    setLeaveError(null);
    session.leave(reason || undefined).catch((error: unknown) => setLeaveError(describeError(error)));
  };
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
          {(self.mayShareScreen || state.screenOn) && (
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
          )}
        </>
      )}
      <HandButton session={session} />
      <div className="control control-leave">
        <button
          type="button"
          className="control-button danger"
          data-testid="leave-button"
          disabled={leaving}
          onClick={() => setLeaving(true)}
        >
          <Icon name="leave" /> {t('controls.leave')}
        </button>
        {leaveError && (
          <span className="control-note" role="alert" data-testid="leave-error">
            {leaveError}
          </span>
        )}
      </div>
      {leaving && (
        <ConfirmDialog
          title={t('safe.leave.title')}
          message={needsReason ? t('safe.leave.required', { role: roleLabel(self.role) }) : t('safe.leave.message')}
          reason={needsReason ? { label: t('safe.leave.reason'), required: true, hint: t('safe.leave.reasonHint') } : undefined}
          confirmLabel={t('safe.leave.confirm')}
          danger
          onConfirm={leave}
          onCancel={() => setLeaving(false)}
          testIds={{ dialog: 'leave-dialog', reason: 'leave-reason', confirm: 'confirm-leave-button', cancel: 'cancel-leave-button' }}
        />
      )}
    </div>
  );
}
