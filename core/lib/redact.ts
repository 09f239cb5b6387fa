// Credentials out of what is shown and logged. A camera's RTSP URL carries its password
// (`rtsp://user:pass@host/…`, sometimes `?password=…`); whatever prints a URL, or a message from
// ffmpeg that quotes one, goes through here first: `user:pass@` becomes `user:***@`.

/** What a masked secret reads as. */
export const MASK = '***';

// scheme://user:password@ — the password runs to the last '@' before the path (as ffmpeg reads it).
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*):([^\s/?#]*)@/gi;
// ?password=… &pwd=… and the like in a query string.
const QUERY_SECRET = /([?&;](?:password|passwd|pwd|pass|secret|token|auth)=)[^&;#\s]*/gi;

/** The text with every URL password masked; the rest (user name, host, path) is kept. */
export function redactSecrets(text: string): string {
  return text.replace(USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:${MASK}@`).replace(QUERY_SECRET, `$1${MASK}`);
}

/** A URL fit to show and log: its password masked. */
export function maskUrl(url: string): string {
  return redactSecrets(url);
}
