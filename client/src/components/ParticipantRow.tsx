import { useState } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { LinkQualityView, ParticipantView } from '../core/protocol.js';
import type { ActionRunner } from '../hooks/useAction.js';
import { roleLabel, t } from '../i18n.js';
import { DeviceStatusBadge } from './DeviceStatusBadge.js';
import { LinkQualityBadge } from './LinkQualityBadge.js';

interface Props {
  participant: ParticipantView;
  isSelf: boolean;
  /** Their media connection is lost right now (the server watches ICE/DTLS); signaling may still be up. */
  mediaLost?: boolean;
  /** Their connection quality as the server last graded it (bench only); absent until the first reading. */
  quality?: LinkQualityView;
  session: HearingSession;
  runner: ActionRunner;
}

/** One admitted participant in the judge's list: force-mute toggle and removal (confirmed). */
export function ParticipantRow({ participant: p, isSelf, mediaLost = false, quality, session, runner }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const muted = p.forcedMute.audio;
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
        {!isSelf && <LinkQualityBadge quality={quality} />}
      </div>
      {!isSelf && !confirming && (
        <div className="row-actions">
          {p.role !== 'observer' && (
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
          <button type="button" className="small danger-outline" data-testid="remove-button" onClick={() => setConfirming(true)}>
            {t('panel.remove')}
          </button>
        </div>
      )}
      {confirming && (
        <div className="row-confirm" role="alertdialog" aria-label={t('panel.confirmRemove', { name: p.displayName })}>
          <p>{t('panel.confirmRemove', { name: p.displayName })}</p>
          <input
            type="text"
            value={reason}
            maxLength={500}
            placeholder={t('panel.reason')}
            data-testid="remove-reason"
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="row-actions">
            <button
              type="button"
              className="small danger"
              data-testid="confirm-remove-button"
              disabled={runner.pending}
              onClick={() => {
                setConfirming(false);
                runner.run(() => session.remove(p.id, reason.trim() || undefined));
              }}
            >
              {t('common.confirm')}
            </button>
            <button type="button" className="small secondary" data-testid="cancel-remove-button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
