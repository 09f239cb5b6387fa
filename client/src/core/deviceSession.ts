// The courtroom TV's credential: a device token (no expiry, revocable by the clerk) that the kiosk
// exchanges for the hearing its display is attached to right now (POST /api/device/session).
// The token comes in the URL fragment (`/tv#token=…`, never sent to the server or its logs); it is
// kept in localStorage because a kiosk browser restarts on its own and may reopen a bare /tv.
import { requestJson } from './api.js';

export interface DeviceSession {
  hearingId: string;
  participantId: string;
  /** An invitation for the display's participant in that hearing: what the socket presents. */
  token: string;
}

const STORAGE_KEY = 'vcourt.displayToken';

/** The display token from the fragment (stored, then wiped from the address bar) or from storage. */
export function takeDisplayToken(): string | null {
  const hash = decodeURIComponent(location.hash.replace(/^#/, '')).trim();
  const fromUrl = new URLSearchParams(hash).get('token')?.trim() || null;
  if (fromUrl) {
    try {
      localStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      /* storage blocked: the token still works for this page load */
    }
    history.replaceState(history.state, '', location.pathname + location.search);
    return fromUrl;
  }
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * Rejects with RequestError: 'not_found' when the display is attached to no hearing in progress,
 * 'unauthorized' when the token was revoked or rotated, 'network' when the server is unreachable.
 */
export function fetchDeviceSession(token: string, signal?: AbortSignal): Promise<DeviceSession> {
  return requestJson<DeviceSession>('POST', '/api/device/session', token, signal);
}
