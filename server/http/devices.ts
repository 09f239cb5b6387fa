// Courtroom hardware and staff accounts: thin routes over DeviceRegistry and Access. Devices are
// managed by the court's staff (clerks, admins); a device itself authenticates with its own token
// only on POST /api/device/session (and on the WHIP routes).
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Access } from '../auth/Access.js';
import type { StaffClaims } from '../auth/tokens.js';
import type { CaseFile } from '../../core/hearing/CaseFile.js';
import type { DeviceRegistry } from '../../core/hearing/DeviceRegistry.js';
import { PermissionDeniedError, UnauthorizedError } from '../../core/hearing/errors.js';
import type { Actor } from '../../core/hearing/types.js';
import {
  AttachDeviceBody,
  CreateAccountBody,
  RegisterDeviceBody,
  type DeviceSession,
} from '../../core/protocol/http.js';
import { parseBody } from './parse.js';

export interface DeviceRouteDeps {
  access: Access;
  caseFile: CaseFile;
  devices: DeviceRegistry;
}

type StaffRequest = Request & { staff?: StaffClaims };

function bearer(req: Request): string {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (!match) throw new UnauthorizedError('Send the token as "Authorization: Bearer <token>"');
  return match[1];
}

export function deviceRoutes(deps: DeviceRouteDeps): express.Router {
  const { access, caseFile, devices } = deps;
  const router = express.Router();

  /** The court's administration: clerks and admins (judges use the courtroom and the archive). */
  const clerkOnly = (req: StaffRequest, _res: Response, next: NextFunction) => {
    req.staff = access.staff(bearer(req));
    if (req.staff.role === 'judge') throw new PermissionDeniedError('Only clerks and administrators manage devices');
    next();
  };
  const adminOnly = (req: StaffRequest, _res: Response, next: NextFunction) => {
    req.staff = access.staff(bearer(req));
    if (req.staff.role !== 'admin') throw new PermissionDeniedError('Only administrators manage accounts');
    next();
  };
  const actorOf = (req: StaffRequest): Actor => ({ kind: 'account', accountId: req.staff!.accountId, username: req.staff!.username });
  const tokenFor = (deviceId: string) => access.tokens.issueDevice({ deviceId, tokenId: devices.rotateToken(deviceId) });

  router.post('/sites/:siteId/devices', clerkOnly, (req, res) => {
    const body = parseBody(RegisterDeviceBody, req.body);
    const device = devices.register({ siteId: req.params.siteId as string, ...body });
    const token = tokenFor(device.id);
    res.status(201).json({ device: devices.view(devices.get(device.id)), token });
  });
  router.get('/devices', clerkOnly, (_req, res) => {
    res.json({ devices: devices.list().map((d) => devices.view(d)) });
  });
  router.post('/devices/:id/token', clerkOnly, (req, res) => {
    res.status(201).json({ token: tokenFor(req.params.id as string) });
  });
  router.post('/devices/:id/revoke', clerkOnly, (req: StaffRequest, res) => {
    res.json({ device: devices.view(devices.revoke(actorOf(req), req.params.id as string)) });
  });
  router.post('/hearings/:id/devices', clerkOnly, (req: StaffRequest, res) => {
    const body = parseBody(AttachDeviceBody, req.body);
    const participant = devices.attach(actorOf(req), req.params.id as string, body.deviceId);
    res.status(201).json({ participant: caseFile.participantView(participant) });
  });

  router.post('/device/session', (req, res) => {
    const session = access.deviceSession(bearer(req), devices);
    const reply: DeviceSession = {
      hearingId: session.hearing.id,
      participantId: session.participant.id,
      token: session.token,
      hearing: caseFile.hearingView(session.hearing.id),
    };
    res.json(reply);
  });

  router.get('/accounts', adminOnly, (_req, res) => {
    res.json({ accounts: access.listAccounts() });
  });
  router.post('/accounts', adminOnly, async (req, res) => {
    const body = parseBody(CreateAccountBody, req.body);
    const account = await access.createAccount(body);
    res.status(201).json({ account: { id: account.id, username: account.username, displayName: account.displayName, role: account.role } });
  });
  return router;
}
