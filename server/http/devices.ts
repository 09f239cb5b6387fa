// Courtroom hardware: thin routes over DeviceRegistry (staff accounts are in accounts.ts). Devices are
// managed by the court's staff (clerks, admins); a device itself authenticates with its own token
// only on POST /api/device/session (and on the WHIP routes).
import express from 'express';
import type { Access } from '../auth/Access.js';
import type { CaseFile } from '../../core/hearing/CaseFile.js';
import type { DeviceRegistry } from '../../core/hearing/DeviceRegistry.js';
import { NotFoundError, ValidationError } from '../../core/hearing/errors.js';
import type { CameraNetworks } from '../../ingest/CameraNetworks.js';
import { AttachDeviceBody, RegisterDeviceBody, type DeviceSession } from '../../core/protocol/http.js';
import type { DeviceStatus } from '../../core/protocol/model.js';
import { deviceOf, deviceToken, ROLES, staff, staffActor } from './guards.js';
import { parseBody } from './parse.js';

export interface DeviceRouteDeps {
  access: Access;
  caseFile: CaseFile;
  devices: DeviceRegistry;
  /** Where a camera may be: its URL's host is resolved and checked before it is registered. */
  cameraNetworks: CameraNetworks;
  /** A device participant's live link (the live hearings); absent: every link reads as not connected. */
  deviceLink?: (participantId: string) => DeviceStatus | undefined;
}

/** How long the invitation a device session hands out lasts: a court day. */
const DEVICE_SESSION_SECONDS = 12 * 3600;

export function deviceRoutes(deps: DeviceRouteDeps): express.Router {
  const { access, caseFile, devices } = deps;
  const router = express.Router();

  /** The court's administration: clerks and admins (judges use the courtroom and the archive). */
  const clerkOnly = staff(access, ROLES.administration, 'Only clerks and administrators manage devices');
  const tokenFor = async (deviceId: string) => access.tokens.issueDevice({ deviceId, tokenId: await devices.rotateToken(deviceId) });

  router.post('/sites/:siteId/devices', clerkOnly, async (req, res) => {
    const body = parseBody(RegisterDeviceBody, req.body);
    if (body.rtspUrl) {
      const checked = await deps.cameraNetworks.check(body.rtspUrl);
      if (!checked.ok) throw new ValidationError(checked.reason);
    }
    const device = await devices.register({ siteId: req.params.siteId as string, ...body });
    const token = await tokenFor(device.id);
    res.status(201).json({ device: await devices.view(await devices.get(device.id)), token });
  });
  router.get('/devices', clerkOnly, async (_req, res) => {
    const link = deps.deviceLink ?? (() => undefined);
    const views = [];
    for (const d of await devices.list()) views.push({ ...(await devices.view(d)), attachments: await devices.attachments(d.id, link) });
    res.json({ devices: views });
  });
  router.post('/devices/:id/token', clerkOnly, async (req, res) => {
    res.status(201).json({ token: await tokenFor(req.params.id as string) });
  });
  router.post('/devices/:id/revoke', clerkOnly, async (req, res) => {
    res.json({ device: await devices.view(await devices.revoke(staffActor(req), req.params.id as string)) });
  });
  router.post('/hearings/:id/devices', clerkOnly, async (req, res) => {
    const body = parseBody(AttachDeviceBody, req.body);
    const participant = await devices.attach(staffActor(req), req.params.id as string, body.deviceId);
    res.status(201).json({ participant: await caseFile.participantView(participant) });
  });

  // A device asks where it should be: the hearing in progress it is attached to, with a fresh
  // invitation for its participant there (issued, guarded and audited by the case file).
  router.post('/device/session', deviceToken(access), async (req, res) => {
    const { id } = deviceOf(req);
    const attachment = await devices.attachmentFor(id);
    if (!attachment) throw new NotFoundError('Hearing in progress for this device', id);
    const { hearing, participant } = attachment;
    const issued = await caseFile.issueDeviceInvitation(id, hearing.id, participant.id, DEVICE_SESSION_SECONDS);
    const reply: DeviceSession = {
      hearingId: hearing.id,
      participantId: participant.id,
      token: issued.token,
      hearing: await caseFile.hearingView(hearing.id),
    };
    res.json(reply);
  });

  return router;
}
