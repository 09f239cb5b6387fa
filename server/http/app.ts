// The HTTP API and the built client. Routes are thin: validate the body, call the domain, reply.
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SecondFactorRequired, type Access } from '../auth/Access.js';
import type { CaseFile } from '../../core/hearing/CaseFile.js';
import { isStaffSeat } from '../../core/protocol/staffSeats.js';
import { ValidationError } from '../../core/hearing/errors.js';
import { toHttp } from '../errorMapping.js';
import {
  AddParticipantBody,
  CreateCaseBody,
  CreateHearingBody,
  CreateSiteBody,
  LoginBody,
  RescheduleBody,
  SearchQuery,
  type Invitation,
  type InvitationInfo,
} from '../../core/protocol/http.js';
import { archiveRoutes, type ArchiveRouteDeps } from './archive.js';
import { accountRoutes } from './accounts.js';
import { deviceRoutes } from './devices.js';
import { staffAuthRoutes } from './staffAuth.js';
import { benchRoutes } from './bench.js';
import { siteOfficerRoutes } from './siteOfficer.js';
import type { HearingService } from '../../core/hearing/HearingService.js';
import { workspaceRoutes, type WorkspaceDeps } from './workspace.js';
import { caseView } from '../../core/hearing/views.js';
import { invitationOf, invited, perAddress, ROLES, signInAttempts, staff, staffActor } from './guards.js';
import { LoginThrottle } from './LoginThrottle.js';
import { createLimits, type Limits } from '../limits.js';
import { parseBody } from './parse.js';
import { securityHeaders } from './securityHeaders.js';
import type { DeviceRegistry } from '../../core/hearing/DeviceRegistry.js';
import type { CameraNetworks } from '../../ingest/CameraNetworks.js';

export interface AppDeps {
  access: Access;
  caseFile: CaseFile;
  publicUrl: string;
  clientDir: string;
  health: () => Record<string, unknown>;
  /** Courtroom hardware: server/http/devices.ts. */
  devices: DeviceRegistry;
  /** Where a camera's URL may point (checked when it is registered). */
  cameraNetworks: CameraNetworks;
  /** Browsers reach the server over TLS: send Strict-Transport-Security. */
  hsts: boolean;
  /** Extra routers mounted under /api before the 404 (WHIP ingest). */
  extraApi?: express.Router[];
  /** The hearing records (clerk archive, court public key): server/http/archive.ts. */
  archive?: Omit<ArchiveRouteDeps, 'access'>;
  /** The clerk's workspace (server/http/workspace.ts): edits, links sent and revoked, the calendar. */
  workspace: WorkspaceDeps;
  /** The live hearings, for the site officers' attestations (server/http/siteOfficer.ts); absent: no such routes. */
  hearings?: HearingService;
  /** Rate limits (server/limits.ts): sign-ins and invitation look-ups; the defaults when not given. */
  limits?: { limits: Limits; logins: LoginThrottle };
}

const DEFAULT_INVITATION_SECONDS = 7 * 24 * 3600;

const parse = parseBody;

export function createApp(deps: AppDeps): express.Express {
  const { access, caseFile } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders({ hsts: deps.hsts, publicUrl: () => deps.publicUrl }));
  app.use('/api', express.json({ limit: '64kb' }));

  // Case-file management is the clerks' (and admins'); judges' accounts open the archive only.
  const staffOnly = staff(access, ROLES.administration, 'Only clerks and administrators manage the case file');
  const invitationFor = async (participantId: string, hearingId: string, req: Request, seconds: number): Promise<Invitation> => {
    const issued = await caseFile.issueInvitation(staffActor(req), hearingId, participantId, seconds);
    return { token: issued.token, url: `${deps.publicUrl}/join#${issued.token}`, expiresAt: issued.expiresAt.toISOString() };
  };

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, ...deps.health() });
  });

  const limits = deps.limits?.limits ?? createLimits();
  const logins = deps.limits?.logins ?? new LoginThrottle(limits);
  app.post('/api/auth/login', signInAttempts(logins), async (req, res) => {
    const body = parse(LoginBody, req.body);
    const { token, account } = await access.login(body.username, body.password, body.code).catch((error: unknown) => {
      // The right password, and a code to ask for: not a failed guess (a wrong code is one).
      if (error instanceof SecondFactorRequired) res.locals.signInWithdrawn = true;
      throw error;
    });
    res.json({ token, account: { id: account.id, username: account.username, displayName: account.displayName, role: account.role } });
  });

  const lookUps = perAddress(limits.invitationByIp, 'Too many invitation look-ups from your address: wait a moment');
  app.get('/api/invitation', lookUps, invited(access), async (req, res) => {
    const { claims, participant } = invitationOf(req);
    // The clerk sees that the current link was opened (the first time only).
    await deps.workspace.invitations.opened(participant, claims.invitationId);
    const info: InvitationInfo = {
      participant: await caseFile.participantView(participant),
      hearing: await caseFile.hearingView(participant.hearingId),
      expiresAt: claims.expiresAt.toISOString(),
    };
    res.json(info);
  });

  app.get('/api/sites', staffOnly, async (_req, res) => {
    res.json({ sites: await caseFile.listSites() });
  });
  app.post('/api/sites', staffOnly, async (req, res) => {
    const body = parse(CreateSiteBody, req.body);
    res.status(201).json({ site: await caseFile.createSite(body.name, body.kind, body.relayOnly ?? false) });
  });

  app.get('/api/cases', staffOnly, async (req, res) => {
    const { q } = parse(SearchQuery, req.query);
    res.json({ cases: (await caseFile.searchCases(q)).map(caseView) });
  });
  app.post('/api/cases', staffOnly, async (req, res) => {
    const body = parse(CreateCaseBody, req.body);
    res.status(201).json({ case: caseView(await caseFile.createCase(body.number, body.title, body.kind)) });
  });
  app.get('/api/cases/:caseId/hearings', staffOnly, async (req, res) => {
    res.json({ hearings: await caseFile.listHearings(req.params.caseId as string) });
  });

  app.post('/api/hearings', staffOnly, async (req, res) => {
    const body = parse(CreateHearingBody, req.body);
    const hearing = await caseFile.createHearing(staffActor(req), body);
    await deps.devices.attachCourtroomDevices(staffActor(req), hearing);
    res.status(201).json({ hearing: await caseFile.hearingView(hearing.id) });
  });
  // A postponed hearing is held again: same case, courtroom and people; new links to be sent.
  app.post('/api/hearings/:id/reschedule', staffOnly, async (req, res) => {
    const { scheduledAt } = parse(RescheduleBody, req.body);
    const { hearing } = await caseFile.reschedule(staffActor(req), req.params.id as string, scheduledAt);
    await deps.devices.attachCourtroomDevices(staffActor(req), hearing);
    res.status(201).json({ hearing: await caseFile.hearingView(hearing.id), participants: await caseFile.participantViews(hearing.id) });
  });
  app.get('/api/hearings/:id', staffOnly, async (req, res) => {
    const id = req.params.id as string;
    res.json({ hearing: await caseFile.hearingView(id), participants: await deps.workspace.calendar.participants(id) });
  });
  app.post('/api/hearings/:id/participants', staffOnly, async (req, res) => {
    const id = req.params.id as string;
    const body = parse(AddParticipantBody, req.body);
    // A staff seat (a judge's, the clerk's: core/hearing/staffSeats.ts) is bound to an account that must be active.
    if (body.accountId && (await access.listAccounts()).find((a) => a.id === body.accountId)?.disabled) {
      throw new ValidationError('That account is disabled');
    }
    const p = await caseFile.addParticipant(staffActor(req), id, body);
    // A staff seat's link comes from its own account's sign-in (server/http/bench.ts), never from here.
    const invitation = isStaffSeat(p.role) ? null : await invitationFor(p.id, id, req, body.expiresInSeconds ?? DEFAULT_INVITATION_SECONDS);
    res.status(201).json({ participant: await deps.workspace.calendar.participant(await caseFile.getParticipant(id, p.id)), invitation });
  });
  app.post('/api/hearings/:id/participants/:pid/invitation', staffOnly, async (req, res) => {
    const invitation = await invitationFor(req.params.pid as string, req.params.id as string, req, DEFAULT_INVITATION_SECONDS);
    res.status(201).json({ invitation });
  });
  app.get('/api/hearings/:id/audit', staffOnly, async (req, res) => {
    res.json({ events: await caseFile.audit(req.params.id as string) });
  });

  if (deps.archive) app.use('/api', archiveRoutes({ access, ...deps.archive }));
  app.use('/api', staffAuthRoutes(access, logins));
  app.use('/api', accountRoutes(access));
  app.use('/api', benchRoutes({ access, caseFile, publicUrl: () => deps.publicUrl }));
  if (deps.hearings) app.use('/api', siteOfficerRoutes({ access, service: deps.hearings }));
  app.use(
    '/api',
    deviceRoutes({
      access,
      caseFile,
      devices: deps.devices,
      cameraNetworks: deps.cameraNetworks,
      deviceLink: (participantId) => deps.hearings?.deviceLink(participantId),
    }),
  );
  app.use('/api', workspaceRoutes({ access, caseFile, devices: deps.devices, ...deps.workspace }));
  for (const router of deps.extraApi ?? []) app.use('/api', router);

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No such API route' } });
  });

  // The built courtroom client; every non-API path falls back to its index.html (client routing).
  if (existsSync(join(deps.clientDir, 'index.html'))) {
    app.use(express.static(deps.clientDir, { index: false, maxAge: '1h' }));
    app.get('/{*path}', (_req, res) => {
      res.set('Cache-Control', 'no-store').sendFile(join(deps.clientDir, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res.status(503).type('text/plain').send('The client is not built: run `npm run build:client`.');
    });
  }

  // Every route's errors, the body parsers' and WHIP's included, go through the one mapper.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, body, headers } = toHttp(error);
    if (headers) res.set(headers);
    res.status(status).json({ error: body });
  });
  return app;
}
