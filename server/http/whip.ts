// WHIP ingest (RFC 9725) for hardware encoders and OBS: POST an SDP offer with the device token as
// bearer → 201 + SDP answer + Location of the session; DELETE that Location ends it. No trickle
// ICE or ICE restart (mediasoup is ICE-lite and its candidates are in the answer), so PATCH is 405.
// Guards first: who (device token), may it (not a display), where (its hearing in progress), what
// (the offer): every refusal happens before anything is created.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Access } from '../auth/Access.js';
import type { DeviceRegistry } from '../../core/hearing/DeviceRegistry.js';
import { NotFoundError, UnauthorizedError } from '../../core/hearing/errors.js';
import type { WhipSessions } from '../../ingest/whip/WhipSessions.js';

export interface WhipRouteDeps {
  access: Access;
  devices: DeviceRegistry;
  whip: WhipSessions;
}

const SDP = 'application/sdp';

// Browsers' WHIP clients (and OBS's web tooling) preflight; the resource URL must be readable.
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, If-Match',
  'Access-Control-Expose-Headers': 'Location, ETag, Accept-Post, Accept-Patch, Link',
};

function bearer(req: Request): string {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (!match) throw new UnauthorizedError('Send the device token as "Authorization: Bearer <token>"');
  return match[1];
}

const fail = (res: Response, status: number, message: string) =>
  res.status(status).json({ error: { code: 'invalid_input', message } });

export function whipRoutes(deps: WhipRouteDeps): express.Router {
  const { access, devices, whip } = deps;
  const router = express.Router();
  router.use('/whip', (_req, res, next) => {
    res.set(CORS);
    next();
  });

  router.options('/whip', (_req, res) => {
    res.set({ 'Access-Control-Allow-Methods': 'POST, OPTIONS', 'Accept-Post': SDP }).status(204).end();
  });
  router.options('/whip/:id', (_req, res) => {
    res.set({ 'Access-Control-Allow-Methods': 'DELETE, OPTIONS' }).status(204).end();
  });

  router.post('/whip', express.text({ type: SDP, limit: '128kb' }), async (req, res) => {
    const device = access.device(bearer(req));
    if (!req.is(SDP)) {
      res.set('Accept-Post', SDP);
      return fail(res, 415, `Send the SDP offer with Content-Type: ${SDP}`);
    }
    const attachment = devices.attachmentFor(device.id);
    if (!attachment) throw new NotFoundError('Hearing in progress for device', device.id);
    const { session, answer } = await whip.publish(attachment, typeof req.body === 'string' ? req.body : '');
    res
      .status(201)
      .set({ 'Content-Type': SDP, Location: `${req.baseUrl}/whip/${session.id}`, ETag: `"${session.id}"` })
      .send(answer);
  });

  router.delete('/whip/:id', async (req, res) => {
    const device = access.device(bearer(req));
    await whip.end(device.id, req.params.id as string);
    res.status(200).end();
  });

  router.patch('/whip/:id', (_req, res) => {
    res.set('Allow', 'DELETE, OPTIONS');
    fail(res, 405, 'vcourt does not take trickled ICE candidates or ICE restarts: put candidates in the offer (whip-client -n), or none at all (the server is ICE-lite)');
  });

  // The text parser's refusals (too large, bad charset) are the client's, with their own status.
  router.use('/whip', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (error as { status?: number; type?: string }).status;
    if (typeof (error as { type?: unknown }).type === 'string' && status && status >= 400 && status < 500) {
      return fail(res, status, (error as Error).message);
    }
    next(error);
  });
  return router;
}
