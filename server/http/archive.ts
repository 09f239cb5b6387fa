// The clerk archive's routes: search hearings, a hearing's record, its files (HTTP Range, for
// in-browser playback), the whole record as one tar, verification, retention, the four-eyes
// requests that shorten a retention or delete a record, a clerk's grant of one record to another
// staff account, and (admins) a rebuild. Thin: validate, call RecordArchive, reply; errors go to
// the app's one error handler (server/errorMapping.ts). Verification is open to every staff
// account; reading a record and moving its retention is RecordArchive.assertReader's rule, and the
// search lists only the hearings whose record the account may read.
//
// Staff authenticate with "Authorization: Bearer <staff token>". A <video src> or a download link
// cannot send that header, so the record view hands out links carrying `?access=`, a token valid
// for one hour, for reading one hearing's record only (its own JWT audience: never a session).
import express, { type Request, type RequestHandler } from 'express';
import { ConflictError, NotFoundError, ValidationError } from '../../core/hearing/errors.js';
import type { Access } from '../auth/Access.js';
import type { CourtKey } from '../../recordings/CourtKey.js';
import type { RecordArchive } from '../../recordings/archive/RecordArchive.js';
import { tarSize, tarStream } from '../../recordings/tar.js';
import {
  GrantBody,
  RebuildBody,
  RecordRequestBody,
  RequestDecisionBody,
  RetentionBody,
  SearchQuery,
  VerifyBody,
} from '../../core/protocol/http.js';
import { bearerToken, recordReader, ROLES, secondFactor, staff, staffOf } from './guards.js';

export interface ArchiveRouteDeps {
  access: Access;
  archive: RecordArchive;
  key: CourtKey;
}

/** Only the record's own media and files may be opened inline: no script, no framing, no plugins. */
const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; media-src 'self'; sandbox";

export function archiveRoutes(deps: ArchiveRouteDeps): express.Router {
  const { access, archive, key } = deps;
  const router = express.Router();

  // Every staff account reads the archive; what each may change is RecordArchive's rule.
  const staffOnly = staff(access, ROLES.archive, 'The archive is for the court’s clerks, judges and administrators');
  const adminOnly = staff(access, ROLES.admins, 'Only an administrator may rebuild a record');
  /** The staff header, or a record link's `access` token for this very hearing. */
  const link = recordReader(access);
  const id = (req: Request) => req.params.id as string;
  /** A staff session that may read this hearing's record (record links are issued only to such). */
  const mayRead: RequestHandler = async (req, _res, next) => {
    await archive.assertReader(id(req), staffOf(req));
    next();
  };
  const reader: RequestHandler[] = [
    link,
    async (req, res, next) => {
      if (bearerToken(req)) await mayRead(req, res, next);
      else next();
    },
  ];
  const rid = (req: Request) => req.params.rid as string;
  /** The record view, its file links carrying a one-hour record link for the asking account. */
  const recordView = (req: Request) => {
    const hearingId = id(req);
    const { accountId, sessionId } = staffOf(req);
    const token = access.tokens.issueRecordAccess({ accountId, sessionId, hearingId });
    const base = `/api/archive/hearings/${encodeURIComponent(hearingId)}/record`;
    const q = `?access=${encodeURIComponent(token)}`;
    const link = (path: string | null) =>
      path === null ? `${base}/bundle.tar${q}` : `${base}/files/${path.split('/').map(encodeURIComponent).join('/')}${q}`;
    return archive.view(hearingId, link);
  };

  router.get('/court/public-key', (_req, res) => {
    res.type('application/x-pem-file').set('Content-Disposition', 'inline; filename="court-public-key.pem"').send(key.publicPem);
  });

  router.get('/archive/hearings', staffOnly, async (req, res) => {
    const { q } = SearchQuery.parse(req.query);
    res.json({ hearings: await archive.search(q, staffOf(req)) });
  });

  router.get('/archive/hearings/:id/record', staffOnly, mayRead, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await recordView(req));
  });

  router.get('/archive/hearings/:id/record/files/*path', ...reader, async (req, res, next) => {
    const path = ([] as string[]).concat(req.params.path as string | string[]).join('/');
    const file = await archive.file(id(req), path);
    res.type(file.mime).set({ 'Content-Security-Policy': FILE_CSP, 'Cache-Control': 'private, no-cache' });
    if (req.query.download !== undefined) res.attachment(path.split('/').pop());
    // express (the `send` module) answers Range requests with 206 and Content-Range itself. With
    // `root`, its dotfile rule looks at the path inside the bundle only, not at where data/ lives.
    res.sendFile(file.path, { root: file.root, dotfiles: 'deny', acceptRanges: true, lastModified: true }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  });

  router.get('/archive/hearings/:id/record/bundle.tar', ...reader, async (req, res, next) => {
    const { name, entries } = await archive.tar(id(req));
    res.set({
      'Content-Type': 'application/x-tar',
      'Content-Length': String(tarSize(entries)),
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
    const stream = tarStream(entries);
    stream.on('error', (error) => (res.headersSent ? res.destroy(error) : next(error)));
    stream.pipe(res);
  });

  router.post('/archive/hearings/:id/record/verify', staffOnly, async (req, res) => {
    VerifyBody.parse(req.body ?? {});
    res.json(await archive.verify(id(req), staffOf(req)));
  });

  // Queued at once (202): the record view shows it 'building', then ready or failed, as the page polls.
  router.post('/archive/hearings/:id/record/rebuild', adminOnly, secondFactor('Rebuilding a record'), async (req, res) => {
    const { force } = RebuildBody.parse(req.body ?? {});
    await archive.rebuild(id(req), staffOf(req), force ?? false);
    res
      .status(202)
      .set('Cache-Control', 'no-store')
      .json(await recordView(req));
  });

  // Extends only: a shorter date is refused (409) and is a request; the legal minimum holds (400).
  router.put('/archive/hearings/:id/record/retention', staffOnly, secondFactor('Changing a retention'), mayRead, async (req, res) => {
    const body = RetentionBody.parse(req.body);
    await archive.setRetention(id(req), body.retainUntil, staffOf(req));
    res.status(204).end();
  });

  // Four eyes: one files, another admin approves or refuses, the one who filed may withdraw.
  router.post('/archive/hearings/:id/record/requests', staffOnly, secondFactor('Asking to change a record'), mayRead, async (req, res) => {
    const body = RecordRequestBody.parse(req.body);
    res.status(201).json({ request: await archive.fileRequest(id(req), body, staffOf(req)) });
  });

  router.post(
    '/archive/hearings/:id/record/requests/:rid/:decision',
    staffOnly,
    secondFactor('Deciding on a request'),
    mayRead,
    async (req, res) => {
      const { reason } = RequestDecisionBody.parse(req.body ?? {});
      const by = staffOf(req);
      const decision = req.params.decision as string;
      if (decision === 'approve') return void res.json({ request: await archive.approveRequest(id(req), rid(req), by, reason || null) });
      if (decision === 'refuse') return void res.json({ request: await archive.refuseRequest(id(req), rid(req), by, reason || null) });
      if (decision === 'withdraw') return void res.json({ request: await archive.withdrawRequest(id(req), rid(req), by) });
      throw new NotFoundError('Decision', decision);
    },
  );

  // No one deletes a record by hand: the retention sweep does, after an approved deletion request.
  router.delete('/archive/hearings/:id/record', staffOnly, () => {
    throw new ConflictError('A record is deleted only by the retention sweep, after a deletion request another administrator approved');
  });

  router.post(
    '/archive/hearings/:id/grants',
    staff(access, ROLES.administration, 'Only a clerk may grant access to a record'),
    async (req, res) => {
      const { accountId } = GrantBody.parse(req.body);
      const account = (await access.listAccounts()).find((a) => a.id === accountId && !a.disabled);
      if (!account) throw new ValidationError('No active staff account has that id');
      await archive.grant(id(req), { accountId: account.id, username: account.username }, staffOf(req));
      res.status(204).end();
    },
  );

  return router;
}
