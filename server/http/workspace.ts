// The clerk's workspace routes (core/protocol/workspace.ts lists them): reading and correcting the
// case file, the calendar and today's dashboard, sending and revoking links. Clerks and admins
// only; thin as the others: parse, call the domain, reply; errors go to the one mapper.
import express from 'express';
import type { Access } from '../auth/Access.js';
import type { CaseFile } from '../../core/hearing/CaseFile.js';
import type { CaseFileEdits } from '../../core/hearing/CaseFileEdits.js';
import type { Calendar } from '../../core/hearing/Calendar.js';
import type { DeviceRegistry } from '../../core/hearing/DeviceRegistry.js';
import type { Invitations } from '../../core/hearing/Invitations.js';
import { caseView } from '../../core/hearing/views.js';
import type { Invitation } from '../../core/protocol/http.js';
import {
  CalendarQuery,
  DashboardQuery,
  SendInvitationBody,
  UpdateCaseBody,
  UpdateHearingBody,
  UpdateParticipantBody,
  UpdateSiteBody,
  type DeliveryView,
  type JudgeAccountView,
} from '../../core/protocol/workspace.js';
import { ROLES, staff, staffActor } from './guards.js';
import { parseBody as parse } from './parse.js';

/** The domain the workspace works on (built in server/main.ts). */
export interface WorkspaceDeps {
  edits: CaseFileEdits;
  invitations: Invitations;
  calendar: Calendar;
}

/** A sent link lasts as long as one the clerk copies (POST …/invitation). */
const SENT_LINK_SECONDS = 7 * 24 * 3600;

export function workspaceRoutes(deps: WorkspaceDeps & { access: Access; caseFile: CaseFile; devices: DeviceRegistry }): express.Router {
  const { access, caseFile, edits, invitations, calendar, devices } = deps;
  const router = express.Router();
  const clerk = staff(access, ROLES.administration, 'Only clerks and administrators manage the case file');
  const param = (req: express.Request, name: string) => req.params[name] as string;

  router.get('/cases/:caseId', clerk, async (req, res) => {
    const kase = await caseFile.getCase(param(req, 'caseId'));
    res.json({ case: caseView(kase), hearings: await caseFile.listHearings(kase.id) });
  });
  router.patch('/cases/:caseId', clerk, async (req, res) => {
    const body = parse(UpdateCaseBody, req.body);
    res.json({ case: caseView(await edits.updateCase(staffActor(req), param(req, 'caseId'), body)) });
  });

  router.get('/hearings', clerk, async (req, res) => {
    const { from, to } = parse(CalendarQuery, req.query);
    res.set('Cache-Control', 'no-store').json({ hearings: await calendar.hearings(from, to) });
  });
  router.patch('/hearings/:id', clerk, async (req, res) => {
    const body = parse(UpdateHearingBody, req.body);
    const before = await caseFile.getHearing(param(req, 'id'));
    const hearing = await edits.updateHearing(staffActor(req), before.id, body);
    // A new courtroom brings its own devices (the old one's left with the edit).
    if (hearing.courtroomSiteId !== before.courtroomSiteId) await devices.attachCourtroomDevices(staffActor(req), hearing);
    res.json({ hearing: await caseFile.hearingView(hearing.id) });
  });

  router.patch('/hearings/:id/participants/:pid', clerk, async (req, res) => {
    const body = parse(UpdateParticipantBody, req.body);
    const p = await edits.updateParticipant(staffActor(req), param(req, 'id'), param(req, 'pid'), body);
    res.json({ participant: await calendar.participant(p) });
  });
  router.delete('/hearings/:id/participants/:pid', clerk, async (req, res) => {
    await edits.withdrawParticipant(staffActor(req), param(req, 'id'), param(req, 'pid'));
    res.status(204).end();
  });

  router.post('/hearings/:id/participants/:pid/invitation/send', clerk, async (req, res) => {
    const { channel } = parse(SendInvitationBody, req.body ?? {});
    const sent = await invitations.send(staffActor(req), param(req, 'id'), param(req, 'pid'), SENT_LINK_SECONDS, channel);
    const invitation: Invitation = { token: sent.issued.token, url: sent.link, expiresAt: sent.issued.expiresAt.toISOString() };
    const delivery: DeliveryView = { channel: sent.channel, to: sent.to, sentAt: sent.sentAt, notifier: sent.receipt.notifier };
    res.status(201).set('Cache-Control', 'no-store').json({ invitation, delivery });
  });
  router.post('/hearings/:id/participants/:pid/invitation/revoke', clerk, async (req, res) => {
    await invitations.revoke(staffActor(req), param(req, 'id'), param(req, 'pid'));
    res.status(204).end();
  });

  router.patch('/sites/:siteId', clerk, async (req, res) => {
    const body = parse(UpdateSiteBody, req.body);
    res.json({ site: await edits.updateSite(param(req, 'siteId'), body) });
  });

  router.get('/dashboard', clerk, async (req, res) => {
    const { day } = parse(DashboardQuery, req.query);
    res.set('Cache-Control', 'no-store').json(await calendar.dashboard(day));
  });

  // The accounts a staff seat may be bound to (core/hearing/staffSeats.ts): judges for the panel's
  // judges, clerks for the clerk of the hearing. The account list itself is the admins'.
  const active = async (role: 'judge' | 'clerk'): Promise<JudgeAccountView[]> =>
    (await access.listAccounts())
      .filter((a) => a.role === role && !a.disabled)
      .map((a) => ({ id: a.id, username: a.username, displayName: a.displayName }));
  router.get('/judges', clerk, async (_req, res) => {
    res.json({ judges: await active('judge') });
  });
  router.get('/clerks', clerk, async (_req, res) => {
    res.json({ clerks: await active('clerk') });
  });

  return router;
}
