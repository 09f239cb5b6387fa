// WHIP ingest (RFC 9725) for hardware encoders and OBS: POST an SDP offer with the device token as
// bearer → 201 + SDP answer + Location of the session; DELETE that Location ends it. No trickle
// ICE or ICE restart (mediasoup is ICE-lite and its candidates are in the answer), so PATCH is 405.
// Guards first: who (device token), may it (not a display), where (its hearing in progress), what
// (the offer): every refusal happens before anything is created. Errors, HTTP's own refusals (415,
// 405) and the body parser's (413, bad charset) included, go to the app's one mapper (errorMapping).
import express from 'express';
import type { Access } from '../auth/Access.js';
import type { DeviceRegistry } from '../../core/hearing/DeviceRegistry.js';
import { NotFoundError } from '../../core/hearing/errors.js';
import type { WhipSessions } from '../../ingest/whip/WhipSessions.js';
import { HttpRefusal } from '../errorMapping.js';
import { deviceOf, deviceToken } from './guards.js';

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

export function whipRoutes(deps: WhipRouteDeps): express.Router {
  const { access, devices, whip } = deps;
  const router = express.Router();
  const device = deviceToken(access);
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

  router.post('/whip', device, express.text({ type: SDP, limit: '128kb' }), async (req, res) => {
    const { id } = deviceOf(req);
    if (!req.is(SDP)) {
      res.set('Accept-Post', SDP);
      throw new HttpRefusal(415, `Send the SDP offer with Content-Type: ${SDP}`);
    }
    const attachment = await devices.attachmentFor(id);
    if (!attachment) throw new NotFoundError('Hearing in progress for device', id);
    const { session, answer } = await whip.publish(attachment, typeof req.body === 'string' ? req.body : '');
    res
      .status(201)
      .set({ 'Content-Type': SDP, Location: `${req.baseUrl}/whip/${session.id}`, ETag: `"${session.id}"` })
      .send(answer);
  });

  router.delete('/whip/:id', device, async (req, res) => {
    await whip.end(deviceOf(req).id, req.params.id as string);
    res.status(200).end();
  });

  router.patch('/whip/:id', (_req, res) => {
    res.set('Allow', 'DELETE, OPTIONS');
    throw new HttpRefusal(
      405,
      'vcourt does not take trickled ICE candidates or ICE restarts: put candidates in the offer (whip-client -n), or none at all (the server is ICE-lite)',
    );
  });
  return router;
}
