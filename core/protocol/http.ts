// Bodies of the HTTP API, validated at the boundary. Replies are JSON; errors are
// `{ error: { code, message, details? } }` with the HTTP status the code maps to.
//
//   POST /api/auth/login                         LoginBody            → { token, account }
//   GET  /api/sites                              (clerk/admin)        → { sites }
//   POST /api/sites                              CreateSiteBody       → { site }
//   GET  /api/cases?q=                           (clerk/admin)        → { cases }
//   POST /api/cases                              CreateCaseBody       → { case }
//   GET  /api/cases/:caseId/hearings                                  → { hearings }
//   POST /api/hearings                           CreateHearingBody    → { hearing }
//   GET  /api/hearings/:id                                            → { hearing, participants }
//   POST /api/hearings/:id/reschedule            RescheduleBody       → { hearing, participants }  (a postponed one)
//   POST /api/hearings/:id/participants          AddParticipantBody   → { participant, invitation }  (null for the judge)
//   POST /api/hearings/:id/participants/:pid/invitation              → { invitation }  (new link; never the judge's)
//   The clerk's workspace (calendar, editing, sending and revoking links, the dashboard): core/protocol/workspace.ts
//   The bench: seats bound to judge and clerk accounts (see server/http/bench.ts, core/hearing/staffSeats.ts):
//   GET  /api/bench/hearings                                          → { hearings: BenchHearing[] }
//   POST /api/bench/hearings/:id/join                                 → { invitation }  (bound to this sign-in)
//   GET  /api/hearings/:id/audit                                      → { events }
//   GET  /api/invitation        (Authorization: Bearer <invitation>)  → InvitationInfo
//   GET  /api/court/public-key  (no auth)                            → the court's Ed25519 public key (PEM)
//   The clerk archive (clerk/admin; see server/http/archive.ts):
//   GET  /api/archive/hearings?q=                                     → { hearings: ArchiveHit[] }  (a judge account:
//        only the hearings it presided or was granted)
//   GET  /api/archive/hearings/:id/record                             → RecordView
//   GET  /api/archive/hearings/:id/record/files/<path>?access=        → the file (HTTP Range)
//   GET  /api/archive/hearings/:id/record/bundle.tar?access=          → the whole record as one tar
//   POST /api/archive/hearings/:id/record/verify                      → VerifyReport
//   PUT  /api/archive/hearings/:id/record/retention  RetentionBody     → 204 (extends only; 400 before the legal
//        minimum or in the past; 409 when shorter: that is a request)
//   POST /api/archive/hearings/:id/record/requests   RecordRequestBody → 201 { request } (shorten or delete, with a reason)
//   POST /api/archive/hearings/:id/record/requests/:rid/approve|refuse|withdraw  RequestDecisionBody → { request }
//        (approve and refuse: an admin other than the requester; withdraw: the requester)
//   DELETE /api/archive/hearings/:id/record                           → 409: only the retention sweep deletes,
//        after an approved deletion request
//   POST /api/archive/hearings/:id/grants            GrantBody         → 204 (clerk/admin: another staff account may read)
//   POST /api/archive/hearings/:id/record/rebuild    RebuildBody       → 202 RecordView (admins only; 409 while
//        building, and for a ready record unless force: a new folder beside the old one, never over it)
//   Courtroom hardware (clerk/admin; see server/http/devices.ts):
//   POST /api/sites/:siteId/devices              RegisterDeviceBody   → { device, token }
//   GET  /api/devices                                                 → { devices }
//   POST /api/devices/:id/token                                       → { token }  (the old one stops working)
//   POST /api/devices/:id/revoke                                      → { device }  (and out of running hearings)
//   POST /api/hearings/:id/devices               AttachDeviceBody     → { participant }
//   POST /api/device/session    (Authorization: Bearer <device token>) → DeviceSession
//   Accounts (admin only; see server/http/accounts.ts; not one's own for role, disable, resets):
//   POST /api/accounts                           CreateAccountBody    → { account }
//   GET  /api/accounts                                                → { accounts }
//   POST /api/accounts/:id/disable | enable                           → 204 (disabling ends its sessions)
//   POST /api/accounts/:id/role                  SetRoleBody          → 204 (ends its sessions)
//   Site officers (site_officer accounts, bound to one site; see server/http/siteOfficer.ts):
//   GET  /api/site/hearings                                           → { hearings: SiteHearing[] }  (today and later)
//   POST /api/site/hearings/:id/participants/:pid/attest  AttestBody  → { attendance }  (403: not at the officer's site)
//   POST /api/accounts/:id/password              ResetPasswordBody    → 204 with a password given, else
//        200 { password } (generated, shown once); ends its sessions
//   POST /api/accounts/:id/totp/reset                                 → 204 (must enrol again; ends its sessions;
//        the admin's own session signed in with a code)
//   Staff sessions (any staff account; see server/http/staffAuth.ts):
//   POST /api/auth/logout                                             → 204 (ends this session)
//   POST /api/auth/password                      ChangePasswordBody   → 204 (ends the account's other sessions;
//        wrong current passwords are throttled as failed sign-ins: 429 with Retry-After)
//   POST /api/auth/totp/setup                                         → { secret, uri }
//   POST /api/auth/totp/enable                   TotpCodeBody         → 204 (sign-in asks for a code from then on)
//   GET  /healthz                                                     → { ok, workers }
import { z } from 'zod';
import type { AttendanceView, HearingState, HearingView, ParticipantView, SiteView } from './model.js';
import { CaseKind, DeviceKind, Role, SiteKind } from './model.js';
import { Contact } from './workspace.js';
import { LANGUAGES_ONLY_FOR_INTERPRETERS, LanguagePair } from './interpretationSchema.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const LoginBody = z
  .object({ username: text(64), password: z.string().min(1).max(256), code: z.string().max(16).optional() })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

/** relayOnly: participants at this site get TURN relay only (server/turn/IceServers.ts). */
export const CreateSiteBody = z.object({ name: text(200), kind: SiteKind, relayOnly: z.boolean().optional() }).strict();
export type CreateSiteBody = z.infer<typeof CreateSiteBody>;

export const CreateCaseBody = z.object({ number: text(64), title: text(500), kind: CaseKind.optional() }).strict();
export type CreateCaseBody = z.infer<typeof CreateCaseBody>;

export const CreateHearingBody = z
  .object({
    caseId: text(64),
    title: text(500),
    scheduledAt: z.iso.datetime({ offset: true }),
    courtroomSiteId: text(64).optional(),
  })
  .strict();
export type CreateHearingBody = z.infer<typeof CreateHearingBody>;

/** A postponed hearing held again: when. */
export const RescheduleBody = z.object({ scheduledAt: z.iso.datetime({ offset: true }) }).strict();

export const AddParticipantBody = z
  .object({
    displayName: text(200),
    role: Role.exclude(['device']),
    siteId: text(64).optional(),
    /**
     * The judge's seat only, and required for it: the judge's staff account. Only that account's own
     * sign-in opens the seat (the bench link), and it reads this hearing's record in the archive.
     */
    accountId: text(64).optional(),
    /** How to send the link (core/protocol/workspace.ts): email, phone, or both. */
    contact: Contact.optional(),
    /** Invitation lifetime; defaults to 7 days. */
    expiresInSeconds: z
      .number()
      .int()
      .min(60)
      .max(60 * 60 * 24 * 90)
      .optional(),
    /** An interpreter's language pair (core/protocol/interpretation.ts); only for role interpreter. */
    languages: LanguagePair.optional(),
  })
  .strict()
  .refine((b) => b.languages === undefined || b.role === 'interpreter', { message: LANGUAGES_ONLY_FOR_INTERPRETERS, path: ['languages'] });
export type AddParticipantBody = z.infer<typeof AddParticipantBody>;

export const SearchQuery = z.object({ q: z.string().max(200).optional() });

export interface Invitation {
  token: string;
  /** Absolute link to the courtroom client for this participant. */
  url: string;
  expiresAt: string;
}

/** A hearing where the signed-in judge or clerk has a seat, as the bench lists it. */
export interface BenchHearing {
  hearingId: string;
  /** The account's seat in it, and which: presiding judge, panel judge or clerk of the hearing. */
  participantId: string;
  role: Role;
  displayName: string;
  caseNumber: string;
  caseTitle: string;
  title: string;
  scheduledAt: string;
  state: HearingState;
}

export interface InvitationInfo {
  participant: ParticipantView;
  hearing: HearingView;
  expiresAt: string;
}

// ---- the clerk archive: hearing records ----------------------------------------------------------

/** A date (kept to the end of that day, Vietnam time) or an exact instant. */
export const RetentionBody = z.object({ retainUntil: z.union([z.iso.date(), z.iso.datetime({ offset: true })]) }).strict();
export type RetentionBody = z.infer<typeof RetentionBody>;

/** A second pair of eyes: shortening a retention (to `retainUntil`) or deleting a record, with the reason. */
export const RecordRequestBody = z
  .object({
    kind: z.enum(['shorten', 'delete']),
    retainUntil: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
    reason: z.string().trim().min(3).max(1000),
  })
  .strict();
export type RecordRequestBody = z.infer<typeof RecordRequestBody>;

/** Approving, refusing or withdrawing a request; a refusal should say why. */
export const RequestDecisionBody = z.object({ reason: z.string().trim().max(1000).optional() }).strict();
export type RequestDecisionBody = z.infer<typeof RequestDecisionBody>;

/** A clerk lets another staff account read one hearing's record. */
export const GrantBody = z.object({ accountId: z.string().min(1).max(100) }).strict();
export type GrantBody = z.infer<typeof GrantBody>;

export type RecordRequestKind = 'shorten' | 'delete';
export type RecordRequestStatus = 'pending' | 'approved' | 'refused' | 'withdrawn';

/** A request to shorten a retention or delete a record, waiting for (or given) a second person's decision. */
export interface RecordRequestView {
  id: string;
  kind: RecordRequestKind;
  /** The date asked for (shorten); null for a deletion. */
  retainUntil: string | null;
  reason: string;
  requestedBy: { accountId: string; username: string };
  requestedAt: string;
  status: RecordRequestStatus;
  decidedBy: { accountId: string; username: string } | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export const VerifyBody = z.object({}).strict();

/** A ready record is rebuilt only with `force`: the new bundle goes beside the old, which stays. */
export const RebuildBody = z.object({ force: z.boolean().optional() }).strict();
export type RebuildBody = z.infer<typeof RebuildBody>;

export type RecordStatus = 'building' | 'ready' | 'failed' | 'deleted';

/** One hearing in the archive's search, with its record's state when it has one. */
export interface ArchiveHit {
  hearingId: string;
  hearingTitle: string;
  scheduledAt: string;
  state: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  court: string;
  record: { status: RecordStatus; progress: number; retainUntil: string | null } | null;
}

export type RecordFileKind = 'composite' | 'track' | 'minutes' | 'audit' | 'manifest' | 'sums' | 'signature' | 'key' | 'other';

export interface RecordFileView {
  path: string;
  bytes: number;
  kind: RecordFileKind;
  /** Content type it is served with; video/* and audio/* ones play in the browser. */
  mime: string;
  /** Link that streams it (with Range), carrying a short-lived access token for <video src>. */
  url: string;
  track?: { participantId: string; displayName: string; role: string; kind: string; source: string; codec: string };
}

export interface RecordView {
  hearing: { id: string; title: string; scheduledAt: string; state: string };
  case: { id: string; number: string; title: string; court: string };
  record: {
    status: RecordStatus;
    progress: number;
    phase: string;
    createdAt: string;
    completedAt: string | null;
    error: string | null;
    retainUntil: string | null;
    deletedAt: string | null;
    manifestSha256: string | null;
    /** Attempts made in the current series of builds (a series: after adjournment, at start-up, or an admin's rebuild). */
    attempts: number;
    /** How many attempts a series makes before it gives up. */
    maxAttempts: number;
    /** When the next automatic attempt is due; null when none is scheduled. */
    nextAttemptAt: string | null;
    files: RecordFileView[];
    totalBytes: number;
    /** The whole record as one tar. */
    bundleUrl: string | null;
    /** The earliest retention date the law allows now: adjournment + VCOURT_RETENTION_MIN_DAYS, never in the past. */
    minRetainUntil: string;
    /** A shortening or deletion waiting for a second person, if any. */
    pendingRequest: RecordRequestView | null;
  } | null;
  publicKeyFingerprint: string;
}

export type FileStatus = 'ok' | 'modified' | 'missing' | 'extra';

export interface FileCheck {
  path: string;
  status: FileStatus;
  /** Size on disk now; null when missing. */
  bytes: number | null;
  expectedSha256: string | null;
  actualSha256: string | null;
}

export type AuditStatus = 'ok' | 'missing' | 'broken' | 'mismatch';

export interface VerifyReport {
  ok: boolean;
  checkedAt: string;
  files: FileCheck[];
  /** Ed25519 signature of the SHA256SUMS on disk, checked with the court's key. */
  signature: 'valid' | 'invalid' | 'missing';
  audit: {
    status: AuditStatus;
    events: number;
    /** 1-based line of audit.jsonl where the chain first breaks. */
    brokenAtLine: number | null;
    headHash: string | null;
    /** The file's events are, hash for hash, the first events of the live audit log. */
    matchesDatabase: boolean | null;
  };
}

export const RegisterDeviceBody = z
  .object({
    kind: DeviceKind,
    name: text(200),
    /** Cameras only: where the server pulls the stream from (credentials may be in the URL). */
    rtspUrl: z
      .string()
      .trim()
      .max(2000)
      .regex(/^rtsps?:\/\/\S+$/, 'must be an rtsp:// or rtsps:// URL')
      .optional(),
  })
  .strict();
export type RegisterDeviceBody = z.infer<typeof RegisterDeviceBody>;

export const AttachDeviceBody = z.object({ deviceId: text(64) }).strict();
export type AttachDeviceBody = z.infer<typeof AttachDeviceBody>;

/** What a device learns from POST /api/device/session: where to join, as whom, with what invitation. */
export interface DeviceSession {
  hearingId: string;
  participantId: string;
  /** An invitation for the device's participant (use it like a person's link). */
  token: string;
  hearing: HearingView;
}

/** Staff account roles (core/hearing/types.ts ACCOUNT_ROLES): a site officer attests at one site. */
const ACCOUNT_ROLE_NAMES = ['admin', 'clerk', 'judge', 'site_officer'] as const;

/** A site officer is bound to one site; no other account has one. */
function siteOfRole(body: { role: string; siteId?: string }, ctx: z.RefinementCtx): void {
  if (body.role === 'site_officer' && !body.siteId)
    ctx.addIssue({ code: 'custom', path: ['siteId'], message: 'a site officer needs a site' });
  if (body.role !== 'site_officer' && body.siteId)
    ctx.addIssue({ code: 'custom', path: ['siteId'], message: 'only a site officer has a site' });
}

export const CreateAccountBody = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9._-]{3,64}$/, 'use 3–64 lowercase letters, digits, dot, dash or underscore'),
    displayName: text(200),
    role: z.enum(ACCOUNT_ROLE_NAMES),
    password: z.string().min(12, 'at least 12 characters').max(256),
    /** A site officer's site (required for that role, refused for the others). */
    siteId: text(64).optional(),
  })
  .strict()
  .superRefine(siteOfRole);
export type CreateAccountBody = z.infer<typeof CreateAccountBody>;

export const SetRoleBody = z
  .object({ role: z.enum(ACCOUNT_ROLE_NAMES), siteId: text(64).optional() })
  .strict()
  .superRefine(siteOfRole);
export type SetRoleBody = z.infer<typeof SetRoleBody>;

export const ChangePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(12, 'at least 12 characters').max(256) })
  .strict();
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const TotpCodeBody = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }).strict();
export type TotpCodeBody = z.infer<typeof TotpCodeBody>;

/** An admin's reset of another account's password: this one (the policy applies), or none to have one generated. */
export const ResetPasswordBody = z.object({ password: z.string().min(12, 'at least 12 characters').max(256).optional() }).strict();
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

/** GET /api/site/hearings: a hearing of today or later with its participants at the officer's site. */
export interface SiteHearing {
  hearingId: string;
  caseNumber: string;
  caseTitle: string;
  title: string;
  scheduledAt: string;
  state: HearingState;
  site: SiteView;
  participants: AttendanceView[];
}
