// A site officer's door (cán bộ điểm cầu: a detention facility's, a component site's): a
// site_officer account lists today's and later hearings with the participants at its one site, and
// attests who is in front of the camera there. The domain refuses a participant at any other site
// (403); the bench of a live hearing is told at once.
import express from 'express';
import type { Access } from '../auth/Access.js';
import type { HearingService } from '../../core/hearing/HearingService.js';
import { AttestBody } from '../../core/protocol/attendance.js';
import { staff, staffOf } from './guards.js';
import { parseBody } from './parse.js';

export function siteOfficerRoutes(deps: { access: Access; service: HearingService }): express.Router {
  const { access, service } = deps;
  const router = express.Router();
  const officerOnly = staff(access, ['site_officer'], 'Only a site officer account attests at a site');
  // The domain reads the officer's site from the account at every request.
  const officer = (req: express.Request) => ({ accountId: staffOf(req).accountId, username: staffOf(req).username });

  router.get('/site/hearings', officerOnly, async (req, res) => {
    res.set('Cache-Control', 'no-store').json({ hearings: await service.siteHearings(officer(req)) });
  });

  router.post('/site/hearings/:id/participants/:pid/attest', officerOnly, async (req, res) => {
    const body = parseBody(AttestBody, req.body);
    const attendance = await service.attestIdentity(officer(req), req.params.id as string, req.params.pid as string, body);
    res.status(201).set('Cache-Control', 'no-store').json({ attendance });
  });

  return router;
}
