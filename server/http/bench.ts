// The bench's own door: a judge or clerk account lists the hearings where it has a seat (the
// presiding judge, a panel judge, the clerk of the hearing: core/hearing/staffSeats.ts) and asks for
// its link to one. The link is bound to the asking sign-in (Access checks it at every use), so no
// one else can make a working bench link, and signing out closes it.
import express from 'express';
import type { Access } from '../auth/Access.js';
import type { CaseFile } from '../../core/hearing/CaseFile.js';
import { PermissionDeniedError } from '../../core/hearing/errors.js';
import type { BenchHearing, Invitation } from '../../core/protocol/http.js';
import { staff, staffOf, type Guard } from './guards.js';

/** A bench link never outlives the sign-in it is bound to; this caps it below a long session too. */
const BENCH_LINK_SECONDS = 12 * 3600;

export function benchRoutes(deps: { access: Access; caseFile: CaseFile; publicUrl: () => string }): express.Router {
  const { access, caseFile } = deps;
  const router = express.Router();
  const judge = staff(access, ['judge', 'clerk'], 'Only judge and clerk accounts have seats on the bench');
  // Asked before a link is made, so the judge learns now, not at the courtroom door.
  const benchFactor: Guard = (req, _res, next) => {
    if (access.benchSecondFactor && !staffOf(req).secondFactor) {
      throw new PermissionDeniedError('The bench signs in with an authenticator code: set one up and sign in again', {
        reason: 'second_factor',
      });
    }
    next();
  };

  router.get('/bench/hearings', judge, async (req, res) => {
    const hearings: BenchHearing[] = (await caseFile.benchSeats(staffOf(req).accountId)).map(({ participant, hearing, case: kase }) => ({
      hearingId: hearing.id,
      participantId: participant.id,
      role: participant.role,
      displayName: participant.displayName,
      caseNumber: kase.number,
      caseTitle: kase.title,
      title: hearing.title,
      scheduledAt: hearing.scheduledAt,
      state: hearing.state,
    }));
    res.set('Cache-Control', 'no-store').json({ hearings });
  });

  router.post('/bench/hearings/:id/join', judge, benchFactor, async (req, res) => {
    const { accountId, username, sessionId } = staffOf(req);
    const issued = await caseFile.issueBenchInvitation({ accountId, username }, req.params.id as string, sessionId, BENCH_LINK_SECONDS);
    const invitation: Invitation = {
      token: issued.token,
      url: `${deps.publicUrl()}/join#${issued.token}`,
      expiresAt: issued.expiresAt.toISOString(),
    };
    res.status(201).set('Cache-Control', 'no-store').json({ invitation });
  });

  return router;
}
