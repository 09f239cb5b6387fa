// The site officer's URL, kept apart from SiteApp so the app can route without loading it.
export const SITE_PATH = '/site';

export function isSitePath(pathname: string): boolean {
  return pathname === SITE_PATH || pathname === `${SITE_PATH}/`;
}
