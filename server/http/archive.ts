// The clerk archive's routes: search hearings, a hearing's record, its files (HTTP Range, for
// in-browser playback), the whole record as one tar, verification, retention and (admins) a
// rebuild. Thin: validate,
// call RecordArchive, reply; errors go to the app's one error handler (server/errorMapping.ts).
//
// Staff authenticate with "Authorization: Bearer <staff token>". A <video src> or a download link
// cannot send that header, so the record view hands out links carrying `?access=`, a token valid
// for one hour, for reading one hearing's record only (its own JWT audience: never a session).
import express, { type Request } from 'express';
import type { Access } from '../auth/Access.js';
import type { CourtKey } from '../../recordings/CourtKey.js';
import type { RecordArchive } from '../../recordings/archive/RecordArchive.js';
import { tarSize, tarStream } from '../../recordings/tar.js';
import { RebuildBody, RetentionBody, SearchQuery, VerifyBody } from '../../core/protocol/http.js';
import { recordReader, ROLES, staff, staffOf } from './guards.js';

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
  const staffOnly = staff(access, ROLES.anyStaff);
  const adminOnly = staff(access, ROLES.admins, 'Only an administrator may rebuild a record');
  /** The staff header, or a record link's `access` token for this very hearing. */
  const reader = recordReader(access);
  const id = (req: Request) => req.params.id as string;
  /** The record view, its file links carrying a one-hour record link for the asking account. */
  const recordView = (req: Request) => {
    const hearingId = id(req);
    const token = access.tokens.issueRecordAccess({ accountId: staffOf(req).accountId, hearingId });
    const base = `/api/archive/hearings/${encodeURIComponent(hearingId)}/record`;
    const q = `?access=${encodeURIComponent(token)}`;
    const link = (path: string | null) =>
      path === null ? `${base}/bundle.tar${q}` : `${base}/files/${path.split('/').map(encodeURIComponent).join('/')}${q}`;
    return archive.view(hearingId, link);
  };

  router.get('/court/public-key', (_req, res) => {
    res.type('application/x-pem-file').set('Content-Disposition', 'inline; filename="court-public-key.pem"').send(key.publicPem);
  });

  router.get('/archive/hearings', staffOnly, (req, res) => {
    const { q } = SearchQuery.parse(req.query);
    res.json({ hearings: archive.search(q) });
  });

  router.get('/archive/hearings/:id/record', staffOnly, (req, res) => {
    res.set('Cache-Control', 'no-store').json(recordView(req));
  });

  router.get('/archive/hearings/:id/record/files/*path', reader, (req, res, next) => {
    const path = ([] as string[]).concat(req.params.path as string | string[]).join('/');
    const file = archive.file(id(req), path);
    res.type(file.mime).set({ 'Content-Security-Policy': FILE_CSP, 'Cache-Control': 'private, no-cache' });
    if (req.query.download !== undefined) res.attachment(path.split('/').pop());
    // express (the `send` module) answers Range requests with 206 and Content-Range itself. With
    // `root`, its dotfile rule looks at the path inside the bundle only, not at where data/ lives.
    res.sendFile(file.path, { root: file.root, dotfiles: 'deny', acceptRanges: true, lastModified: true }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  });

  router.get('/archive/hearings/:id/record/bundle.tar', reader, (req, res, next) => {
    const { name, entries } = archive.tar(id(req));
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
  router.post('/archive/hearings/:id/record/rebuild', adminOnly, (req, res) => {
    const { force } = RebuildBody.parse(req.body ?? {});
    archive.rebuild(id(req), staffOf(req), force ?? false);
    res.status(202).set('Cache-Control', 'no-store').json(recordView(req));
  });

  router.put('/archive/hearings/:id/record/retention', staffOnly, (req, res) => {
    const body = RetentionBody.parse(req.body);
    archive.setRetention(id(req), body.retainUntil, staffOf(req));
    res.status(204).end();
  });

  router.delete('/archive/hearings/:id/record', staffOnly, (req, res) => {
    archive.delete(id(req), staffOf(req));
    res.status(204).end();
  });

  return router;
}
