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
//   POST /api/hearings/:id/participants          AddParticipantBody   → { participant, invitation }
//   POST /api/hearings/:id/participants/:pid/invitation              → { invitation }  (new link)
//   GET  /api/hearings/:id/audit                                      → { events }
//   GET  /api/invitation        (Authorization: Bearer <invitation>)  → InvitationInfo
//   GET  /healthz                                                     → { ok, workers }
import { z } from 'zod';
import type { HearingView, ParticipantView } from './model.js';
import { Role, SiteKind } from './model.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const LoginBody = z.object({ username: text(64), password: z.string().min(1).max(256) }).strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const CreateSiteBody = z.object({ name: text(200), kind: SiteKind }).strict();
export type CreateSiteBody = z.infer<typeof CreateSiteBody>;

export const CreateCaseBody = z.object({ number: text(64), title: text(500) }).strict();
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

export const AddParticipantBody = z
  .object({
    displayName: text(200),
    role: Role,
    siteId: text(64).optional(),
    /** Invitation lifetime; defaults to 7 days. */
    expiresInSeconds: z.number().int().min(60).max(60 * 60 * 24 * 90).optional(),
  })
  .strict();
export type AddParticipantBody = z.infer<typeof AddParticipantBody>;

export const SearchQuery = z.object({ q: z.string().max(200).optional() });

export interface Invitation {
  token: string;
  /** Absolute link to the courtroom client for this participant. */
  url: string;
  expiresAt: string;
}

export interface InvitationInfo {
  participant: ParticipantView;
  hearing: HearingView;
  expiresAt: string;
}
