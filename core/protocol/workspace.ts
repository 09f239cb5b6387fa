// The clerk's workspace API (client/src/clerk): cases, hearings, participants, invitations, sites,
// the calendar and today's dashboard. Everything the workspace does goes through these routes;
// bodies are validated here, replies are the views below. Clerk and admin accounts only.
//
//   GET    /api/cases?q=                                   → { cases: CaseView[] }
//   POST   /api/cases                   CreateCaseBody     → { case: CaseView }   (kind defaults to criminal)
//   GET    /api/cases/:caseId                              → { case: CaseView, hearings: HearingView[] }
//   PATCH  /api/cases/:caseId           UpdateCaseBody     → { case: CaseView }
//   GET    /api/hearings?from=&to=      CalendarQuery      → { hearings: CalendarHearing[] }  (court days, ≤ 62)
//   PATCH  /api/hearings/:id            UpdateHearingBody  → { hearing }   (only while scheduled: 409 after)
//   GET    /api/hearings/:id                               → { hearing, participants: StaffParticipantView[] }
//   PATCH  /api/hearings/:id/participants/:pid  UpdateParticipantBody → { participant: StaffParticipantView }
//          (not yet connected only; never the presiding judge's account binding)
//   DELETE /api/hearings/:id/participants/:pid            → 204   (never connected, hearing not started)
//   POST   /api/hearings/:id/participants/:pid/invitation        → { invitation }  (a new link; the old stops)
//   POST   /api/hearings/:id/participants/:pid/invitation/send  SendInvitationBody
//          → 201 { invitation, delivery: DeliveryView }  (a new link, sent through the notifier; 400 without contact)
//   POST   /api/hearings/:id/participants/:pid/invitation/revoke → 204  (the link stops working)
//   PATCH  /api/sites/:siteId           UpdateSiteBody     → { site }
//   GET    /api/dashboard?day=YYYY-MM-DD                   → Dashboard  (the court's day; today by default)
//   GET    /api/judges                                     → { judges: JudgeAccountView[] }  (active judge accounts,
//          to bind a judge's seat: POST /api/hearings/:id/participants { role: 'judge' | 'panel_judge', accountId })
//   GET    /api/clerks                                     → { clerks: JudgeAccountView[] }  (active clerk accounts,
//          to bind the clerk of the hearing's seat: { role: 'clerk', accountId }). Those seats get no link:
//          each account opens its own from /bench (core/hearing/staffSeats.ts).
//   Also changed for the workspace (core/protocol/http.ts): GET/POST /api/cases reply CaseView; GET
//   /api/hearings/:id and POST /api/hearings/:id/participants reply StaffParticipantView.
import { z } from 'zod';
import type { HearingView, ParticipantView, SiteView } from './model.js';
import { CaseKind, Role, SiteKind } from './model.js';
import { LANGUAGES_ONLY_FOR_INTERPRETERS, LanguagePair } from './interpretationSchema.js';

const text = (max: number) => z.string().trim().min(1).max(max);
/** A calendar day in the court's zone (core/lib/courtLocale.ts COURT_TIME_ZONE). */
const day = z.iso.date();

export interface CaseView {
  id: string;
  number: string;
  title: string;
  kind: CaseKind;
  court: string;
  createdAt: string;
}

export const UpdateCaseBody = z
  .object({ number: text(64).optional(), title: text(500).optional(), kind: CaseKind.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateCaseBody = z.infer<typeof UpdateCaseBody>;

export const CalendarQuery = z.object({ from: day, to: day }).strict();
export type CalendarQuery = z.infer<typeof CalendarQuery>;

/** A hearing on the calendar, with how its people stand. */
export interface CalendarHearing extends HearingView {
  caseKind: CaseKind;
  counts: { participants: number; invited: number; waiting: number; present: number };
}

export const UpdateHearingBody = z
  .object({
    title: text(500).optional(),
    scheduledAt: z.iso.datetime({ offset: true }).optional(),
    courtroomSiteId: text(64).nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateHearingBody = z.infer<typeof UpdateHearingBody>;

/** How to reach a person with their link; both optional, at least one to send. */
export const Contact = z
  .object({
    email: z.email().max(254).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 .-]{8,20}$/, 'a phone number')
      .optional(),
  })
  .strict();
export type Contact = z.infer<typeof Contact>;

export const UpdateParticipantBody = z
  .object({
    displayName: text(200).optional(),
    role: Role.exclude(['device', 'judge']).optional(),
    siteId: text(64).nullable().optional(),
    contact: Contact.nullable().optional(),
    /** An interpreter's language pair; null clears it. The domain checks the role (CaseFileEdits). */
    languages: LanguagePair.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
  .refine((b) => !b.languages || b.role === undefined || b.role === 'interpreter', {
    message: LANGUAGES_ONLY_FOR_INTERPRETERS,
    path: ['languages'],
  });
export type UpdateParticipantBody = z.infer<typeof UpdateParticipantBody>;

export const SendInvitationBody = z.object({ channel: z.enum(['email', 'sms']).optional() }).strict();
export type SendInvitationBody = z.infer<typeof SendInvitationBody>;

/** Where a person's link stands, as the clerk sees it. */
export interface InvitationStatus {
  /** The current link: when it was made and until when it works; null when revoked or never made. */
  issuedAt: string | null;
  expiresAt: string | null;
  /** First opened (the invitation page read with the current link); null when not yet. */
  openedAt: string | null;
  /** Last sent through the notifier, and to where (masked: `n***@example.vn`, `*** *** 789`). */
  sentAt: string | null;
  sentTo: string | null;
  revoked: boolean;
}

/** A participant as the clerk sees them: the participant's view, their contact and their link. */
export interface StaffParticipantView extends ParticipantView {
  contact: Contact | null;
  invitation: InvitationStatus;
}

export interface DeliveryView {
  channel: 'email' | 'sms' | 'file';
  /** Masked, as in InvitationStatus.sentTo. */
  to: string;
  sentAt: string;
  /** Which notifier carried it: file (the default outbox), smtp, webhook. */
  notifier: string;
}

export const UpdateSiteBody = z
  .object({ name: text(200).optional(), kind: SiteKind.optional(), relayOnly: z.boolean().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateSiteBody = z.infer<typeof UpdateSiteBody>;

export const DashboardQuery = z.object({ day: day.optional() }).strict();

/** Today's hearings and everyone in them: who is waiting, present, missing, and their connection. */
export interface Dashboard {
  day: string;
  hearings: Array<{ hearing: CalendarHearing; participants: StaffParticipantView[] }>;
}

/** A staff account a seat can be bound to (GET /api/judges, GET /api/clerks). */
export interface JudgeAccountView {
  id: string;
  username: string;
  displayName: string;
}

export type { SiteView };
