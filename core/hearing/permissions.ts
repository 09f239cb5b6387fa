// Who may do what. Checked on the server for every action, whatever the client shows.
import type { Role } from '../protocol/model.js';
import { PermissionDeniedError } from './errors.js';

export type Action =
  | 'admit' // let in someone waiting in the lobby
  | 'deny' // refuse someone waiting in the lobby (their link ends)
  | 'viewLobby'
  | 'mute' // mute or unmute another participant
  | 'remove'
  | 'transition' // open / start / recess / resume / adjourn
  | 'arrangeDisplay' // choose what the courtroom TV shows
  | 'produce' // send own audio/video/screen
  | 'consume'; // receive others' media

const PRESIDING: readonly Action[] = ['admit', 'deny', 'viewLobby', 'mute', 'remove', 'transition', 'arrangeDisplay', 'produce', 'consume'];
/** The rest of the panel sees who waits and takes part; the presiding judge decides. */
const PANEL: readonly Action[] = ['viewLobby', 'produce', 'consume'];
const PARTY: readonly Action[] = ['produce', 'consume'];

const GRANTS: Readonly<Record<Role, readonly Action[]>> = {
  judge: PRESIDING,
  panel_judge: PANEL,
  assessor: PANEL,
  // The clerk checks who has come and lets them in; refusing someone is the judge's decision.
  clerk: ['admit', 'viewLobby', 'produce', 'consume'],
  prosecutor: PARTY,
  counsel: PARTY,
  representative: PARTY,
  defendant: PARTY,
  victim: PARTY,
  plaintiff: PARTY,
  respondent: PARTY,
  related_party: PARTY,
  witness: PARTY,
  expert: PARTY,
  interpreter: PARTY,
  observer: ['consume'],
  // Cameras and encoders send; displays only receive (DeviceRegistry.ensureMayProduce checks the kind).
  device: PARTY,
};

/** Roles that skip the lobby: the panel and the clerk run the hearing, they do not wait to be let in. */
export const BENCH_ROLES: readonly Role[] = ['judge', 'panel_judge', 'assessor', 'clerk'];

export function can(role: Role, action: Action): boolean {
  return GRANTS[role].includes(action);
}

export function ensureAllowed(role: Role, action: Action): void {
  if (!can(role, action)) {
    throw new PermissionDeniedError(`Role ${role} may not ${action}`);
  }
}
