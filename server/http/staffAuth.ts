// A staff account's own session: sign out, change the password, set up the authenticator (TOTP).
// Sign-in itself is in app.ts; both check a password behind the LoginThrottle. Accounts' admin routes
// are in accounts.ts.
import express from 'express';
import type { Access } from '../auth/Access.js';
import { ChangePasswordBody, TotpCodeBody } from '../../core/protocol/http.js';
import { passwordChangeAttempts, ROLES, staff, staffOf } from './guards.js';
import type { LoginThrottle } from './LoginThrottle.js';
import { parseBody } from './parse.js';

export function staffAuthRoutes(access: Access, logins: LoginThrottle): express.Router {
  const router = express.Router();
  const anyStaff = staff(access, ROLES.anyStaff);

  router.post('/auth/logout', anyStaff, async (req, res) => {
    await access.logout(staffOf(req));
    res.status(204).end();
  });

  // A wrong current password is a failed guess at the account, as at sign-in (back-off, lockout, a log line).
  router.post('/auth/password', anyStaff, passwordChangeAttempts(logins), async (req, res) => {
    const body = parseBody(ChangePasswordBody, req.body);
    await access.changePassword(staffOf(req), body.currentPassword, body.newPassword);
    res.status(204).end();
  });

  router.post('/auth/totp/setup', anyStaff, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await access.setupTotp(staffOf(req)));
  });

  router.post('/auth/totp/enable', anyStaff, async (req, res) => {
    const { code } = parseBody(TotpCodeBody, req.body ?? {});
    await access.enableTotp(staffOf(req), code);
    res.status(204).end();
  });

  return router;
}
