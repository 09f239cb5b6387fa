import { useState } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { LinkQualityView, ParticipantView, Role } from '../core/protocol.js';
import type { ActionRunner } from '../hooks/useAction.js';
import { roleLabel, t } from '../i18n.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { DeviceStatusBadge } from './DeviceStatusBadge.js';
import { LinkQualityBadge } from './LinkQualityBadge.js';
import { RoomBadge } from './RoomsPanel.js';
import { roomOf } from '../core/rooms.js';

interface Props {
  participant: ParticipantView;
  isSelf: boolean;
  /** Their media connection is lost right now (the server watches ICE/DTLS); signaling may still be up. */
  mediaLost?: boolean;
  /** Their connection quality as the server last graded it (bench only); absent until the first reading. */
  quality?: LinkQualityView;
  /** They send a camera picture (a camera producer exists): the judge can turn it off. */
  hasCamera?: boolean;
  session: HearingSession;
  runner: ActionRunner;
}

/**
 * No screen permission to give: the bench shares by right, the public sends nothing. The server
 * decides (core/hearing/permissions.ts) and refuses the others with invalid_state.
 */
const NO_SCREEN_PERMISSION: readonly Role[] = ['judge', 'panel_judge', 'assessor', 'clerk', 'observer'];

/**
 * What the judge can do to whom: a person can be muted, their camera turned off (when they have
 * one), allowed to share their screen, and removed; courtroom hardware only what it has (a camera:
 * its picture; an encoder: sound and picture; a TV display: nothing, it only shows). Devices are
 * attached and detached by the clerk, so none is "asked to leave".
 */
function abilities(p: ParticipantView, hasCamera: boolean): { mic: boolean; camera: boolean; screen: boolean; remove: boolean } {
  switch (p.device?.kind) {
    case 'display':
      return { mic: false, camera: false, screen: false, remove: false };
    case 'camera':
      return { mic: false, camera: true, screen: false, remove: false };
    case 'encoder':
      return { mic: true, camera: true, screen: false, remove: false };
    default:
      return {
        mic: p.role !== 'observer',
        // Turned off already: the judge must still be able to allow it again.
        camera: p.role !== 'observer' && (hasCamera || p.forcedMute.video),
        screen: !NO_SCREEN_PERMISSION.includes(p.role),
        remove: true,
      };
  }
}

/** One admitted participant in the judge's list: mute, camera off, screen permission, and removal (confirmed, with a reason). */
export function ParticipantRow({ participant: p, isSelf, mediaLost = false, quality, hasCamera = false, session, runner }: Props) {
  const [confirming, setConfirming] = useState(false);
  const muted = p.forcedMute.audio;
  const videoOff = p.forcedMute.video;
  const can = abilities(p, hasCamera);
  const screenAllowed = can.screen && p.mayShareScreen;
  return (
    <li className="row" data-testid="participant-row" data-participant-id={p.id} data-media-lost={String(mediaLost)}>
      <div className="row-who">
        <span className="row-name">
          {p.displayName}
          {isSelf && <span className="you"> ({t('common.you')})</span>}
        </span>
        <span className="row-role">
          {roleLabel(p.role)}
          {!p.connected && !p.device && ` · ${t('panel.offline')}`}
          {muted && ` · ${t('panel.forcedMuted')}`}
          {videoOff && ` · ${t('panel.forcedVideoOff')}`}
          {screenAllowed && ` · ${t('safe.screen.allowed')}`}
          {mediaLost && (
            <span className="media-lost" role="status" data-testid="media-lost">
              {' · '}
              {t('panel.mediaLost')}
            </span>
          )}
          {p.device && (
            <>
              {' · '}
              <DeviceStatusBadge status={p.device.status} />
            </>
          )}
        </span>
        <RoomBadge room={roomOf(p)} />
        {!isSelf && <LinkQualityBadge quality={quality} />}
      </div>
      {!isSelf && (can.mic || can.camera || can.screen || can.remove) && (
        <div className="row-actions">
          {can.mic && (
            <button
              type="button"
              className={`small ${muted ? 'primary' : 'secondary'}`}
              data-testid="mute-audio-button"
              data-muted={String(muted)}
              disabled={runner.pending}
              onClick={() => runner.run(() => session.setForcedMute(p.id, 'audio', !muted))}
            >
              {muted ? t('panel.unmute') : t('panel.mute')}
            </button>
          )}
          {can.camera && (
            <button
              type="button"
              className={`small ${videoOff ? 'primary' : 'secondary'}`}
              data-testid="mute-video-button"
              data-muted={String(videoOff)}
              disabled={runner.pending}
              onClick={() => runner.run(() => session.setForcedMute(p.id, 'video', !videoOff))}
            >
              {videoOff ? t('panel.cameraOn') : t('panel.cameraOff')}
            </button>
          )}
          {can.screen && (
            <button
              type="button"
              className={`small ${screenAllowed ? 'primary' : 'secondary'}`}
              data-testid="screen-permission-button"
              data-allowed={String(screenAllowed)}
              aria-pressed={screenAllowed}
              disabled={runner.pending}
              onClick={() => runner.run(() => session.allowScreen(p.id, !screenAllowed))}
            >
              {screenAllowed ? t('safe.screen.withdraw') : t('safe.screen.allow')}
            </button>
          )}
          {can.remove && (
            <button
              type="button"
              className="small danger-outline"
              data-testid="remove-button"
              disabled={confirming}
              onClick={() => setConfirming(true)}
            >
              {t('panel.remove')}
            </button>
          )}
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('safe.remove.title', { name: p.displayName })}
          message={t('safe.remove.message')}
          reason={{ label: t('safe.remove.reason'), required: true, hint: t('safe.reasonShown') }}
          confirmLabel={t('safe.remove.confirm')}
          danger
          disabled={runner.pending}
          onConfirm={(reason) => {
            setConfirming(false);
            runner.run(() => session.remove(p.id, reason));
          }}
          onCancel={() => setConfirming(false)}
          testIds={{ dialog: 'remove-dialog', reason: 'remove-reason', confirm: 'confirm-remove-button', cancel: 'cancel-remove-button' }}
        />
      )}
    </li>
  );
}
