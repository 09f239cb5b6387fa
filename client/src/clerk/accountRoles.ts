// Staff account roles as the administrator reads them: "Quản trị viên", "Thư ký", "Thẩm phán",
// "Cán bộ điểm cầu — Trại tạm giam số 1" (a site officer is bound to one site).
import { t, type MessageKey } from '../i18n.js';
import type { AccountRole } from './clerkApi.js';

/** Every role, once each (the Record makes tsc fail when the protocol adds one). */
const ROLE_KEYS: Record<AccountRole, MessageKey> = {
  admin: 'clerk.accounts.role.admin',
  clerk: 'clerk.accounts.role.clerk',
  judge: 'clerk.accounts.role.judge',
  site_officer: 'clerk.accounts.role.site_officer',
};
export const ACCOUNT_ROLES = Object.keys(ROLE_KEYS) as AccountRole[];

export function accountRoleLabel(role: AccountRole, siteName?: string | null): string {
  const label = t(ROLE_KEYS[role]);
  return role === 'site_officer' && siteName ? t('clerk.accounts.roleAt', { role: label, site: siteName }) : label;
}
