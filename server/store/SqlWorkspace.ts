// The clerk's workspace in the SQL store: editing cases, sites and hearings, the calendar's
// look-up by time, withdrawing a participant, and each participant's link bookkeeping (columns of
// participants, migration "the clerk's workspace"). Merged into SqlStore's repositories.
import type { Store } from '../../core/hearing/ports.js';
import type { InvitationRecord } from '../../core/hearing/types.js';
import type { Db, Row } from './sql/Db.js';
import { toHearing } from './storeRows.js';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const toInvitation = (r: Row | undefined): InvitationRecord => ({
  issuedAt: text(r?.invitation_issued_at),
  expiresAt: text(r?.invitation_expires_at),
  openedAt: text(r?.invitation_opened_at),
  sentAt: text(r?.invitation_sent_at),
  sentTo: text(r?.invitation_sent_to),
  revokedAt: text(r?.invitation_revoked_at),
});

export interface WorkspaceRepositories {
  cases: Pick<Store['cases'], 'update'>;
  sites: Pick<Store['sites'], 'update'>;
  hearings: Pick<Store['hearings'], 'update' | 'listBetween'>;
  participants: Pick<Store['participants'], 'delete'>;
  invitations: Store['invitations'];
}

export function workspaceRepositories(db: Db): WorkspaceRepositories {
  return {
    cases: {
      update: async (c) => {
        await db.run('UPDATE cases SET number = ?, title = ?, kind = ? WHERE id = ?', [c.number, c.title, c.kind ?? 'criminal', c.id]);
      },
    },
    sites: {
      update: async (s) => {
        await db.run('UPDATE sites SET name = ?, kind = ?, relay_only = ? WHERE id = ?', [s.name, s.kind, s.relayOnly ? 1 : 0, s.id]);
      },
    },
    hearings: {
      update: async (h) => {
        await db.run('UPDATE hearings SET title = ?, scheduled_at = ?, courtroom_site_id = ?, updated_at = ? WHERE id = ?', [
          h.title,
          h.scheduledAt,
          h.courtroomSiteId,
          h.updatedAt,
          h.id,
        ]);
      },
      // scheduled_at is always stored as toISOString() (UTC, fixed width), so text order is time order.
      listBetween: async (from, to) =>
        (await db.all('SELECT * FROM hearings WHERE scheduled_at >= ? AND scheduled_at < ? ORDER BY scheduled_at, rowid', [from, to])).map(
          toHearing,
        ),
    },
    participants: {
      delete: async (id) => {
        await db.run('DELETE FROM participants WHERE id = ?', [id]);
      },
    },
    invitations: {
      get: async (participantId) =>
        toInvitation(
          await db.get(
            `SELECT invitation_issued_at, invitation_expires_at, invitation_opened_at, invitation_sent_at, invitation_sent_to,
               invitation_revoked_at FROM participants WHERE id = ?`,
            [participantId],
          ),
        ),
      set: async (participantId, r) => {
        await db.run(
          `UPDATE participants SET invitation_issued_at = ?, invitation_expires_at = ?, invitation_opened_at = ?,
             invitation_sent_at = ?, invitation_sent_to = ?, invitation_revoked_at = ? WHERE id = ?`,
          [r.issuedAt, r.expiresAt, r.openedAt, r.sentAt, r.sentTo, r.revokedAt, participantId],
        );
      },
    },
  };
}
