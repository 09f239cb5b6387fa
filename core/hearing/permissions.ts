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
  | 'markAttendance' // call the summoned participants: present or absent, identity document checked
  | 'muteAll' // mute everyone but the bench and the courtroom devices at once
  | 'allowScreen' // let a participant share their screen, or withdraw it
  | 'shareScreen' // share one's screen without being allowed first (the bench)
  | 'raiseHand' // raise or lower one's own hand (Hands.ts)
  | 'viewHands' // see the queue of raised hands
  | 'lowerHands' // lower anyone's hand (after giving them the floor)
  | 'chat' // write to the clerk, and to everyone while open chat is allowed (Chat.ts)
  | 'chatAnyone' // write to any one participant, or to everyone at any time
  | 'openChat' // allow or close open chat
  | 'moveAnyone' // move any participant between the hearing's rooms (rooms.ts)
  | 'moveWitnesses' // call witnesses and experts in from the witness room, and send them back
  | 'produce' // send own audio/video/screen
  | 'consume'; // receive others' media

const PRESIDING: readonly Action[] = [
  'admit',
  'deny',
  'viewLobby',
  'mute',
  'remove',
  'transition',
  'arrangeDisplay',
  'markAttendance',
  'muteAll',
  'allowScreen',
  'shareScreen',
  'viewHands',
  'lowerHands',
  'chat',
  'chatAnyone',
  'openChat',
  'moveAnyone',
  'produce',
  'consume',
];
/** The rest of the panel sees who waits and takes part; the presiding judge decides. */
const PANEL: readonly Action[] = ['viewLobby', 'shareScreen', 'viewHands', 'raiseHand', 'chat', 'produce', 'consume'];
const PARTY: readonly Action[] = ['raiseHand', 'chat', 'produce', 'consume'];

const GRANTS: Readonly<Record<Role, readonly Action[]>> = {
  judge: PRESIDING,
  panel_judge: PANEL,
  assessor: PANEL,
  // The clerk checks who has come (attendance, identity) and lets them in; refusing someone is the judge's decision.
  clerk: [
    'admit',
    'viewLobby',
    'markAttendance',
    'shareScreen',
    'viewHands',
    'raiseHand',
    'chat',
    'chatAnyone',
    'moveWitnesses',
    'produce',
    'consume',
  ],
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
  // The public listens; they may still write to the clerk (a problem with the sound, say).
  observer: ['chat', 'consume'],
  // Cameras and encoders send; displays only receive (DeviceRegistry.ensureMayProduce checks the kind).
  device: ['produce', 'consume'],
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
