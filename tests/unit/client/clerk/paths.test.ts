// Every workspace screen has an address (client/src/clerk/paths.ts): Back, reload and bookmarks work.
import { describe, expect, it } from 'vitest';
import { isClerkPath, parseRoute, routePath, type ClerkRoute } from '../../../../client/src/clerk/paths.js';

describe('clerk routes', () => {
  it('reads each screen from its address and writes it back', () => {
    const routes: ClerkRoute[] = [
      { page: 'dashboard' },
      { page: 'calendar', view: 'week', day: '2026-12-01' },
      { page: 'cases', q: '123/2026' },
      { page: 'case', caseId: 'c 1' },
      { page: 'hearing', hearingId: 'h1' },
      { page: 'sites' },
      { page: 'accounts' },
    ];
    for (const route of routes) {
      const url = new URL(routePath(route), 'http://court.example');
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
  });

  it('sends anything unknown to the dashboard, and only /clerk paths to the workspace', () => {
    expect(parseRoute('/clerk/nowhere')).toEqual({ page: 'dashboard' });
    expect(isClerkPath('/clerk')).toBe(true);
    expect(isClerkPath('/clerk/hearings/h1')).toBe(true);
    expect(isClerkPath('/clerkship')).toBe(false);
    expect(isClerkPath('/join')).toBe(false);
  });
});
