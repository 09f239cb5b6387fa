// Who a hearing may have, by the kind of case, and how each person stands (client/src/clerk/people.ts).
import { describe, expect, it } from 'vitest';
import { channels, editable, inCourtOrder, linkState, presence, rolesForKind } from '../../../../client/src/clerk/people.js';
import type { StaffParticipantView } from '../../../../core/protocol/workspace.js';

const noLink = { issuedAt: null, expiresAt: null, openedAt: null, sentAt: null, sentTo: null, revoked: false };

// Only what people.ts reads; cast, so fields other features add to the view need no edits here.
function person(extra: Partial<StaffParticipantView> = {}): StaffParticipantView {
  return {
    id: 'p1',
    hearingId: 'h1',
    displayName: 'Trần Văn Bình',
    role: 'defendant',
    status: 'invited',
    connected: false,
    site: null,
    forcedMute: { audio: false, video: false },
    device: null,
    contact: null,
    invitation: { ...noLink, issuedAt: '2026-11-29T01:00:00Z', expiresAt: '2026-12-06T01:00:00Z' },
    ...extra,
  } as StaffParticipantView;
}

describe('rolesForKind', () => {
  it('offers the accused, the victim and defence counsel in a criminal case', () => {
    const roles = rolesForKind('criminal');
    expect(roles).toEqual(expect.arrayContaining(['judge', 'assessor', 'prosecutor', 'defendant', 'victim', 'counsel']));
    expect(roles).not.toContain('plaintiff');
    expect(roles).not.toContain('respondent');
  });

  it('offers plaintiff, respondent and related parties in civil-procedure cases, never "defence counsel"', () => {
    for (const kind of ['civil', 'administrative', 'business', 'labour', 'family'] as const) {
      const roles = rolesForKind(kind);
      expect(roles).toEqual(expect.arrayContaining(['plaintiff', 'respondent', 'related_party', 'representative']));
      expect(roles).not.toContain('defendant');
      expect(roles).not.toContain('counsel');
    }
  });

  it('never offers a device (devices are registered and attached) and lists the panel first', () => {
    const roles = rolesForKind('criminal');
    expect(roles).not.toContain('device');
    expect(roles.slice(0, 3)).toEqual(['judge', 'panel_judge', 'assessor']);
  });
});

describe('linkState', () => {
  it('is not sent, then sent, then opened', () => {
    expect(linkState(person())).toBe('not_sent');
    const sent = person({ invitation: { ...person().invitation, sentAt: '2026-11-29T02:00:00Z', sentTo: 'b***@example.vn' } });
    expect(linkState(sent)).toBe('sent');
    expect(linkState({ ...sent, invitation: { ...sent.invitation, openedAt: '2026-11-29T03:00:00Z' } })).toBe('opened');
  });

  it('says revoked over everything else, and the presiding judge signs in instead', () => {
    expect(linkState(person({ invitation: { ...noLink, sentAt: '2026-11-29T02:00:00Z', revoked: true } }))).toBe('revoked');
    expect(linkState(person({ role: 'judge' }))).toBe('bench');
  });
});

describe('presence', () => {
  it('waiting in the lobby, present, or not connected', () => {
    expect(presence({ status: 'lobby', connected: true })).toBe('waiting');
    expect(presence({ status: 'admitted', connected: true })).toBe('present');
    expect(presence({ status: 'admitted', connected: false })).toBe('offline');
    expect(presence({ status: 'invited', connected: false })).toBe('offline');
  });
});

describe('editable', () => {
  it('only a never-connected person of a scheduled hearing', () => {
    expect(editable({ status: 'invited', connected: false }, true)).toBe(true);
    expect(editable({ status: 'invited', connected: false }, false)).toBe(false);
    expect(editable({ status: 'lobby', connected: true }, true)).toBe(false);
    expect(editable({ status: 'left', connected: false }, true)).toBe(false);
  });
});

describe('channels and order', () => {
  it('sends by email and by text message where a contact is given', () => {
    expect(channels({ contact: null })).toEqual([]);
    expect(channels({ contact: { phone: '0912 345 678' } })).toEqual(['sms']);
    expect(channels({ contact: { email: 'a@example.vn', phone: '0912345678' } })).toEqual(['email', 'sms']);
  });

  it('lists people in the court order', () => {
    const list = inCourtOrder([
      person({ id: 'd', role: 'defendant' }),
      person({ id: 'j', role: 'judge' }),
      person({ id: 'p', role: 'prosecutor' }),
      person({ id: 'c', role: 'counsel' }),
    ]);
    expect(list.map((p) => p.id)).toEqual(['j', 'p', 'c', 'd']);
  });
});
