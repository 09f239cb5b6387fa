// Who may do what. Checked on the server for every action, whatever the client shows.
import type { Role } from '../protocol/model.js';
import { PermissionDeniedError } from './errors.js';

export type Action =
  | 'admit' // admit or deny someone waiting in the lobby
  | 'viewLobby'
  | 'mute' // mute or unmute another participant
  | 'remove'
  | 'transition' // open / start / recess / resume / adjourn
  | 'arrangeDisplay' // choose what the courtroom TV shows
  | 'produce' // send own audio/video/screen
  | 'consume'; // receive others' media

const PRESIDING: readonly Action[] = ['admit', 'viewLobby', 'mute', 'remove', 'transition', 'arrangeDisplay', 'produce', 'consume'];
const PARTY: readonly Action[] = ['produce', 'consume'];

const GRANTS: Readonly<Record<Role, readonly Action[]>> = {
  judge: PRESIDING,
  clerk: ['viewLobby', 'produce', 'consume'],
  prosecutor: PARTY,
  counsel: PARTY,
  defendant: PARTY,
  witness: PARTY,
  interpreter: PARTY,
  observer: ['consume'],
  // Cameras and encoders send; displays only receive (DeviceRegistry.ensureMayProduce checks the kind).
  device: PARTY,
};

/** Roles that skip the lobby: the bench runs the hearing, it does not wait to be let in. */
export const BENCH_ROLES: readonly Role[] = ['judge', 'clerk'];

export function can(role: Role, action: Action): boolean {
  return GRANTS[role].includes(action);
}

export function ensureAllowed(role: Role, action: Action): void {
  if (!can(role, action)) {
    throw new PermissionDeniedError(`Role ${role} may not ${action}`);
  }
}
