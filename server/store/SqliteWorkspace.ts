// The clerk's workspace in the embedded store: editing cases, sites and hearings, the calendar's
// look-up by time, withdrawing a participant, and each participant's link bookkeeping (columns of
// participants, migration "the clerk's workspace"). Merged into SqliteStore's repositories.
import type Database from 'better-sqlite3';
import type { Store } from '../../core/hearing/ports.js';
import type { CaseRecord, HearingRecord, InvitationRecord, SiteRecord } from '../../core/hearing/types.js';

type Row = Record<string, unknown>;

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

/** `toHearing`: SqliteStore's row mapper, so a hearing reads the same whichever query found it. */
export function workspaceRepositories(db: Database.Database, toHearing: (r: Row) => HearingRecord): WorkspaceRepositories {
  const updateCase = db.prepare('UPDATE cases SET number = @number, title = @title, kind = @kind WHERE id = @id');
  const updateSite = db.prepare('UPDATE sites SET name = @name, kind = @kind, relay_only = @relay_only WHERE id = @id');
  const updateHearing = db.prepare(
    `UPDATE hearings SET title = @title, scheduled_at = @scheduled_at, courtroom_site_id = @courtroom_site_id,
       updated_at = @updated_at WHERE id = @id`,
  );
  const between = db.prepare('SELECT * FROM hearings WHERE scheduled_at >= ? AND scheduled_at < ? ORDER BY scheduled_at, rowid');
  const deleteParticipant = db.prepare('DELETE FROM participants WHERE id = ?');
  const getInvitation = db.prepare(
    `SELECT invitation_issued_at, invitation_expires_at, invitation_opened_at, invitation_sent_at, invitation_sent_to,
       invitation_revoked_at FROM participants WHERE id = ?`,
  );
  const setInvitation = db.prepare(
    `UPDATE participants SET invitation_issued_at = @issuedAt, invitation_expires_at = @expiresAt,
       invitation_opened_at = @openedAt, invitation_sent_at = @sentAt, invitation_sent_to = @sentTo,
       invitation_revoked_at = @revokedAt WHERE id = @id`,
  );

  return {
    cases: {
      update: (c: CaseRecord) => {
        updateCase.run({ id: c.id, number: c.number, title: c.title, kind: c.kind ?? 'criminal' });
      },
    },
    sites: {
      update: (s: SiteRecord) => {
        updateSite.run({ id: s.id, name: s.name, kind: s.kind, relay_only: s.relayOnly ? 1 : 0 });
      },
    },
    hearings: {
      update: (h: HearingRecord) => {
        updateHearing.run({
          id: h.id,
          title: h.title,
          scheduled_at: h.scheduledAt,
          courtroom_site_id: h.courtroomSiteId,
          updated_at: h.updatedAt,
        });
      },
      // scheduled_at is always stored as toISOString() (UTC, fixed width), so text order is time order.
      listBetween: (from: string, to: string) => (between.all(from, to) as Row[]).map(toHearing),
    },
    participants: {
      delete: (id: string) => {
        deleteParticipant.run(id);
      },
    },
    invitations: {
      get: (participantId: string) => toInvitation(getInvitation.get(participantId) as Row | undefined),
      set: (participantId: string, r: InvitationRecord) => {
        setInvitation.run({ id: participantId, ...r });
      },
    },
  };
}
