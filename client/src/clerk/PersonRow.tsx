// One person of a hearing as the clerk manages them: role, site, contact, where their link stands
// (sent to whom, opened when), presence, and the actions on it: send, a new link to copy (shown
// once), revoke, edit and withdraw. Whatever cannot be undone asks first.
import { isStaffSeat } from '../../../core/protocol/staffSeats.js';
import { useState } from 'react';
import { roleLabel, t } from '../i18n.js';
import type { Invitation, PersonRole, StaffParticipantView } from '../core/protocol.js';
import { clerkErrorText } from './errors.js';
import { LinkBadge, PresenceBadge, when } from './Badges.js';
import { clerkApi, type SiteRecord } from './clerkApi.js';
import { ConfirmButton } from './Confirm.js';
import { OneTimeSecret } from './OneTimeSecret.js';
import { PersonEdit } from './PersonEdit.js';
import { channels, editable } from './people.js';
import type { Workspace } from './workspace.js';

interface Props {
  ws: Workspace;
  person: StaffParticipantView;
  hearingScheduled: boolean;
  hearingEnded: boolean;
  sites: SiteRecord[];
  /** The roles the case's kind allows (people.ts). */
  roles: readonly PersonRole[];
  /** A link issued just now to copy (when added, or re-issued): shown once, until closed or replaced. */
  fresh: Invitation | null;
  onFresh: (link: Invitation | null) => void;
  onChanged: () => void;
}

export function PersonRow({ ws, person: p, hearingScheduled, hearingEnded, sites, roles, fresh, onFresh, onChanged }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [editing, setEditing] = useState(false);
  const inv = p.invitation;
  const isPerson = p.role !== 'device';
  const linkActions = isPerson && !isStaffSeat(p.role) && !hearingEnded;
  const liveLink = inv.issuedAt !== null && !inv.revoked;
  /**
   * The person may already hold the current link (sent, or opened): sending a new one replaces it,
   * so it asks first. Re-issuing a link to copy asks whenever one works (it may have been handed over).
   */
  const delivered = liveLink && (inv.sentAt !== null || inv.openedAt !== null);
  const who = `${p.displayName} (${roleLabel(p.role)})`;

  const act = async (action: () => Promise<unknown>) => {
    setPending(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    } finally {
      setPending(false);
    }
  };
  const send = (channel: 'email' | 'sms') =>
    act(async () => {
      await clerkApi.send(ws.token, p.hearingId, p.id, channel);
      onFresh(null); // the person has it now; a link to copy is "new link" (shown once)
    });
  const reissue = () => act(async () => onFresh(await clerkApi.reissue(ws.token, p.hearingId, p.id)));
  const revoke = () =>
    act(async () => {
      await clerkApi.revoke(ws.token, p.hearingId, p.id);
      onFresh(null);
    });
  const withdraw = () => act(() => clerkApi.withdrawParticipant(ws.token, p.hearingId, p.id));

  return (
    <li className="clerk-person" data-testid="clerk-person" data-participant-id={p.id} data-role={p.role} aria-label={who}>
      <div className="clerk-person-head">
        <div>
          <strong>{p.displayName}</strong>
          <div className="small">{roleLabel(p.role)}</div>
          <div className="small muted">
            {p.site ? p.site.name : t('clerk.people.remote')}
            {p.device && ` · ${t(`clerk.deviceKind.${p.device.kind}`)}`}
          </div>
          {isPerson && !isStaffSeat(p.role) && (
            <div className="small muted">
              {[p.contact?.email, p.contact?.phone].filter(Boolean).join(' · ') || t('clerk.people.noContact')}
            </div>
          )}
        </div>
        <div className="clerk-person-state">
          {isPerson && <LinkBadge person={p} />}
          <PresenceBadge person={p} />
        </div>
      </div>
      {isStaffSeat(p.role) && <p className="small muted">{t('clerk.people.judgeLink')}</p>}
      {linkActions && (inv.sentAt || inv.openedAt) && (
        <p className="small" data-testid="clerk-person-link-info">
          {inv.sentAt && t('clerk.people.sentTo', { to: inv.sentTo ?? '—', at: when(inv.sentAt) })}
          {inv.sentAt && inv.openedAt && ' · '}
          {inv.openedAt && t('clerk.link.openedAt', { at: when(inv.openedAt) })}
        </p>
      )}
      {fresh && (
        <OneTimeSecret
          heading={t('clerk.people.freshLink', { name: p.displayName })}
          value={fresh.url}
          copyLabel={t('clerk.people.copy')}
          onClose={() => onFresh(null)}
          testId="clerk-fresh-link"
        />
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {editing && (
        <PersonEdit
          ws={ws}
          person={p}
          roles={roles}
          sites={sites}
          onDone={(changed) => {
            setEditing(false);
            if (changed) onChanged();
          }}
        />
      )}
      <div className="clerk-actions" role="group" aria-label={t('clerk.people.actions', { name: p.displayName })}>
        {linkActions &&
          channels(p).map((channel) =>
            delivered ? (
              <ConfirmButton
                key={channel}
                label={t(`clerk.people.send.${channel}`)}
                ariaLabel={`${t(`clerk.people.send.${channel}`)} — ${p.displayName}`}
                question={t('clerk.people.resendConfirm', { name: who })}
                danger={false}
                onConfirm={() => send(channel)}
                testId={`clerk-send-${channel}`}
              />
            ) : (
              <button
                key={channel}
                type="button"
                className="small primary"
                disabled={pending}
                aria-label={`${t(`clerk.people.send.${channel}`)} — ${p.displayName}`}
                data-testid={`clerk-send-${channel}`}
                onClick={() => void send(channel)}
              >
                {t(`clerk.people.send.${channel}`)}
              </button>
            ),
          )}
        {linkActions &&
          (liveLink ? (
            <ConfirmButton
              label={t('clerk.people.reissue')}
              ariaLabel={`${t('clerk.people.reissue')} — ${p.displayName}`}
              question={t('clerk.people.reissueConfirm', { name: who })}
              danger={false}
              onConfirm={reissue}
              testId="clerk-reissue"
            />
          ) : (
            <button
              type="button"
              className="small secondary"
              disabled={pending}
              aria-label={`${t('clerk.people.newLink')} — ${p.displayName}`}
              data-testid="clerk-reissue"
              onClick={() => void reissue()}
            >
              {t('clerk.people.newLink')}
            </button>
          ))}
        {linkActions && liveLink && (
          <ConfirmButton
            label={t('clerk.people.revoke')}
            ariaLabel={`${t('clerk.people.revoke')} — ${p.displayName}`}
            question={t('clerk.people.revokeConfirm', { name: who })}
            onConfirm={revoke}
            testId="clerk-revoke"
          />
        )}
        {isPerson && editable(p, hearingScheduled) && !editing && (
          <button
            type="button"
            className="small secondary"
            aria-label={`${t('clerk.people.edit')} — ${p.displayName}`}
            onClick={() => setEditing(true)}
          >
            {t('clerk.people.edit')}
          </button>
        )}
        {editable(p, hearingScheduled) && (
          <ConfirmButton
            label={t('clerk.people.withdraw')}
            ariaLabel={`${t('clerk.people.withdraw')} — ${p.displayName}`}
            question={t('clerk.people.withdrawConfirm', { name: who })}
            onConfirm={withdraw}
            testId="clerk-withdraw"
          />
        )}
      </div>
    </li>
  );
}
