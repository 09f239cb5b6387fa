// A role select, and for a site officer the site they attest at: used by the new account form
// and by an account's role change.
import { t } from '../i18n.js';
import { ACCOUNT_ROLES, accountRoleLabel } from './accountRoles.js';
import type { AccountRole, SiteRecord } from './clerkApi.js';

interface Props {
  idPrefix: string;
  roleLabel: string;
  role: AccountRole;
  siteId: string;
  sites: SiteRecord[];
  onRole: (role: AccountRole) => void;
  onSite: (siteId: string) => void;
}

export function RoleFields({ idPrefix, roleLabel, role, siteId, sites, onRole, onSite }: Props) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-role`}>{roleLabel}</label>
        <select id={`${idPrefix}-role`} value={role} onChange={(e) => onRole(e.target.value as AccountRole)}>
          {ACCOUNT_ROLES.map((r) => (
            <option key={r} value={r}>
              {accountRoleLabel(r)}
            </option>
          ))}
        </select>
      </div>
      {role === 'site_officer' && (
        <div className="field">
          <label htmlFor={`${idPrefix}-site`}>{t('clerk.accounts.site')}</label>
          <select id={`${idPrefix}-site`} value={siteId} required onChange={(e) => onSite(e.target.value)}>
            <option value="">{t('clerk.accounts.pickSite')}</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          {sites.length === 0 && <p className="hint small muted">{t('clerk.accounts.noSites')}</p>}
        </div>
      )}
    </>
  );
}

/** The role and site as the API takes them: a site only for a site officer, and then required. */
export function roleBody(role: AccountRole, siteId: string): { role: AccountRole; siteId?: string } | null {
  if (role !== 'site_officer') return { role };
  return siteId ? { role, siteId } : null;
}
