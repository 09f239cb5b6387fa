// Staff accounts, administrators only: thin routes over Access. Every change to another account
// (disable, role, password or authenticator reset) ends its sessions and is a server log line;
// an administrator changes their own account only through /api/auth/* (staffAuth.ts).
import express from 'express';
import type { Access } from '../auth/Access.js';
import { CreateAccountBody, ResetPasswordBody, SetRoleBody } from '../../core/protocol/http.js';
import { ROLES, secondFactor, staff, staffOf } from './guards.js';
import { parseBody } from './parse.js';

export function accountRoutes(access: Access): express.Router {
  const router = express.Router();
  const adminOnly = staff(access, ROLES.admins, 'Only administrators manage accounts');
  const id = (req: express.Request) => req.params.id as string;

  router.get('/accounts', adminOnly, async (_req, res) => {
    res.json({ accounts: await access.listAccounts() });
  });
  router.post('/accounts', adminOnly, async (req, res) => {
    const body = parseBody(CreateAccountBody, req.body);
    const account = await access.createAccount(body);
    res.status(201).json({
      account: {
        id: account.id,
        username: account.username,
        displayName: account.displayName,
        role: account.role,
        siteId: account.siteId ?? null,
      },
    });
  });
  router.post('/accounts/:id/disable', adminOnly, async (req, res) => {
    await access.setDisabled(staffOf(req), id(req), true);
    res.status(204).end();
  });
  router.post('/accounts/:id/enable', adminOnly, async (req, res) => {
    await access.setDisabled(staffOf(req), id(req), false);
    res.status(204).end();
  });
  router.post('/accounts/:id/role', adminOnly, async (req, res) => {
    const { role, siteId } = parseBody(SetRoleBody, req.body);
    await access.setRole(staffOf(req), id(req), role, siteId);
    res.status(204).end();
  });

  // A given password, or a generated one shown in this reply only.
  router.post('/accounts/:id/password', adminOnly, async (req, res) => {
    const { password } = parseBody(ResetPasswordBody, req.body ?? {});
    const { generated } = await access.resetPassword(staffOf(req), id(req), password);
    if (generated === null) return void res.status(204).end();
    res.set('Cache-Control', 'no-store').json({ password: generated });
  });
  // Whoever resets another's second factor must have signed in with their own.
  router.post('/accounts/:id/totp/reset', adminOnly, secondFactor("Resetting an account's authenticator"), async (req, res) => {
    await access.resetTotp(staffOf(req), id(req));
    res.status(204).end();
  });
  return router;
}
