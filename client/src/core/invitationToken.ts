// The invitation token arrives in the URL fragment (`/join#<token>`) so it never reaches server
// logs or Referer headers. We keep it in sessionStorage (survives reloads of this tab only) and
// strip it from the address bar so it is not shared by copy-paste or screenshots.
const STORAGE_KEY = 'vcourt.invitation';

export function takeInvitationToken(): string | null {
  const fromUrl = tokenFromLocation();
  if (fromUrl) {
    try {
      sessionStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      /* storage blocked: the token still works for this page load */
    }
    const url = new URL(location.href);
    url.hash = '';
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function tokenFromLocation(): string | null {
  const hash = decodeURIComponent(location.hash.replace(/^#/, '')).trim();
  // Accept both `#<token>` and `#token=<token>`.
  const fromHash = hash.startsWith('token=') ? hash.slice('token='.length) : hash;
  if (fromHash) return fromHash;
  const fromQuery = new URLSearchParams(location.search).get('token')?.trim();
  return fromQuery || null;
}
