// Seats that only a court officer's own sign-in opens: the trial panel's judges and the clerk of the
// hearing. Each is bound (`accountId`) to a staff account of the matching kind, gets no link from
// anyone (the clerk's workspace can neither make nor send one), and is opened from /bench by that
// account's sign-in; the link works only while that sign-in lasts (server/auth/Access.ts). These
// seats skip the lobby: whoever holds them is known. People's assessors and everyone else come in
// through the lobby with a link, and are admitted once checked.
import type { Role } from './model.js';

/** The kinds of staff account a seat is bound to. */
export type SeatAccountRole = 'judge' | 'clerk';

const SEAT_ACCOUNT_ROLE: Partial<Record<Role, SeatAccountRole>> = {
  judge: 'judge',
  panel_judge: 'judge',
  clerk: 'clerk',
};

/** The roles whose seat is bound to a staff account (and skips the lobby). */
export const STAFF_SEAT_ROLES: readonly Role[] = Object.keys(SEAT_ACCOUNT_ROLE) as Role[];

export function isStaffSeat(role: Role): boolean {
  return SEAT_ACCOUNT_ROLE[role] !== undefined;
}

/** The kind of staff account a seat of this role is bound to; undefined for an invited role. */
export function seatAccountRole(role: Role): SeatAccountRole | undefined {
  return SEAT_ACCOUNT_ROLE[role];
}
