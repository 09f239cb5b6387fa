// The clerk's workspace URL space, kept apart from ClerkApp so the courtroom can route without
// loading it. Every screen has its own address, so Back, reload and a bookmark all work.
export const CLERK_PATH = '/clerk';

export function isClerkPath(pathname: string): boolean {
  return pathname === CLERK_PATH || pathname.startsWith(`${CLERK_PATH}/`);
}

export type ClerkRoute =
  | { page: 'dashboard' }
  | { page: 'calendar'; view: 'day' | 'week'; day: string | null }
  | { page: 'cases'; q: string }
  | { page: 'case'; caseId: string }
  | { page: 'hearing'; hearingId: string }
  | { page: 'sites' }
  | { page: 'accounts' };

/** The screen a path (and query) names; anything unknown is the dashboard. */
export function parseRoute(pathname: string, search = ''): ClerkRoute {
  const query = new URLSearchParams(search);
  const rest = pathname.slice(CLERK_PATH.length).replace(/\/+$/, '');
  const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (first === 'calendar') {
    const view = query.get('view') === 'week' ? 'week' : 'day';
    return { page: 'calendar', view, day: query.get('day') };
  }
  if (first === 'cases' && second) return { page: 'case', caseId: second };
  if (first === 'cases') return { page: 'cases', q: query.get('q') ?? '' };
  if (first === 'hearings' && second) return { page: 'hearing', hearingId: second };
  if (first === 'sites') return { page: 'sites' };
  if (first === 'accounts') return { page: 'accounts' };
  return { page: 'dashboard' };
}

/** The address of a screen. */
export function routePath(route: ClerkRoute): string {
  const e = encodeURIComponent;
  switch (route.page) {
    case 'dashboard':
      return CLERK_PATH;
    case 'calendar': {
      const query = new URLSearchParams({ view: route.view, ...(route.day ? { day: route.day } : {}) });
      return `${CLERK_PATH}/calendar?${query.toString()}`;
    }
    case 'cases':
      return route.q ? `${CLERK_PATH}/cases?q=${e(route.q)}` : `${CLERK_PATH}/cases`;
    case 'case':
      return `${CLERK_PATH}/cases/${e(route.caseId)}`;
    case 'hearing':
      return `${CLERK_PATH}/hearings/${e(route.hearingId)}`;
    case 'sites':
      return `${CLERK_PATH}/sites`;
    case 'accounts':
      return `${CLERK_PATH}/accounts`;
  }
}
