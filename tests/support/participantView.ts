// A participant as the wire shows them to the client (ParticipantView), for the client's unit
// tests: admitted, connected, in hearing 'h', named "Người <id>"; `extra` overrides any field.
import type { ParticipantView, Role } from '../../client/src/core/protocol.js';

export function participantView(id: string, role: Role, extra: Partial<ParticipantView> = {}): ParticipantView {
  return {
    id,
    hearingId: 'h',
    displayName: `Người ${id}`,
    role,
    status: 'admitted',
    connected: true,
    site: null,
    forcedMute: { audio: false, video: false },
    mayShareScreen: false,
    device: null,
    ...extra,
  };
}
