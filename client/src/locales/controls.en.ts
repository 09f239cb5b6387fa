// Safe controls in English: the same keys as controls.vi.ts (the type checker enforces it).
import type { controlsVi } from './controls.vi.js';

export const controlsEn: Record<keyof typeof controlsVi, string> = {
  'safe.reason': 'Reason',
  'safe.reasonMinutes': 'The reason goes into the minutes of the hearing.',
  'safe.reasonShown': 'They will see the reason; it goes into the minutes of the hearing.',

  'safe.deny.title': 'Refuse {name} admission to the hearing?',
  'safe.deny.message': 'Their invitation link stops working; they cannot come back with it.',
  'safe.deny.reason': 'Reason for the refusal',
  'safe.deny.confirm': 'Refuse',

  'safe.remove.title': 'Order {name} out of the courtroom?',
  'safe.remove.message': 'They are disconnected from the hearing and cannot come back with their old link.',
  'safe.remove.reason': 'Reason for the removal',
  'safe.remove.confirm': 'Remove from the courtroom',

  'safe.leave.title': 'Leave the hearing?',
  'safe.leave.message': 'You can come back with the same link.',
  'safe.leave.required':
    'The hearing requires the presence of the {role}. If you leave, the trial panel may have to suspend or postpone it.',
  'safe.leave.reason': 'Why you are leaving',
  'safe.leave.reasonHint': 'The trial panel will see the reason; it goes into the minutes of the hearing.',
  'safe.leave.confirm': 'Leave the hearing',
  'safe.departed': '{name} ({role}) left the hearing. Reason: {reason}',
  'safe.dismiss': 'Dismiss',

  'safe.muteAll': 'Mute everyone',
  'safe.muteAll.title': 'Mute every participant’s microphone?',
  'safe.muteAll.message': 'Except the trial panel, the clerk and the courtroom’s microphones. You can then let each one unmute again.',
  'safe.muteAll.done': 'Muted {count} participants.',

  'safe.screen.allow': 'Allow screen sharing',
  'safe.screen.withdraw': 'Withdraw screen sharing',
  'safe.screen.allowed': 'may share screen',

  'safe.retention.shortenTitle': 'Request a shorter retention?',
  'safe.retention.deleteTitle': 'Request deletion of the record?',
  'safe.retention.approveTitle': 'Approve the request?',
  'safe.retention.refuseTitle': 'Refuse the request?',
  'safe.retention.withdrawTitle': 'Withdraw the request?',
  'safe.retention.reasonAudit': 'The reason goes into the record’s audit log.',
} as const;
