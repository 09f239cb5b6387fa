// The headers every response carries (helmet): a strict Content-Security-Policy for the built
// client (the courtroom, the archive and the TV kiosk are one React app), no framing, no sniffing,
// no referrer, and HSTS only where the browser reached the server over TLS. The archive's file
// route sets its own stricter policy for a record's files (server/http/archive.ts).
//
// What the client needs, and nothing more: its scripts and styles from /assets (Vite emits no
// inline script or style; React sets styles through the CSSOM, which CSP does not govern); its
// API and socket.io (same origin, over ws/wss); record media from /api (a <video src>); images
// inline as data: or blob: URLs. Camera and microphone are for the page itself (Permissions-Policy).
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export interface SecurityHeadersOptions {
  /** The browser reaches the server over TLS (VCOURT_TLS_*, or an https public URL behind a proxy). */
  hsts: boolean;
  /** The public URL, read per request (known only once the port is): socket.io's ws(s) origin. */
  publicUrl: () => string;
}

/** ws://host:port (or wss://) for an http(s) URL: CSP's 'self' covers it in current browsers, not in every one. */
export function socketOrigin(publicUrl: string): string | null {
  try {
    const u = new URL(publicUrl);
    return `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`;
  } catch {
    return null;
  }
}

export function securityHeaders(options: SecurityHeadersOptions): RequestHandler[] {
  const connectSrc = ["'self'", (_req: unknown, _res: unknown) => socketOrigin(options.publicUrl()) ?? "'self'"];
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'none'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'blob:'],
          fontSrc: ["'self'"],
          connectSrc,
          objectSrc: ["'none'"],
          frameSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          // Only over TLS: on plain http (a LAN or the one-machine start) it would break every asset.
          upgradeInsecureRequests: options.hsts ? [] : null,
        },
      },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: options.hsts ? { maxAge: 365 * 24 * 3600, includeSubDomains: false } : false,
      xFrameOptions: { action: 'deny' },
    }),
    (_req, res, next) => {
      res.set('Permissions-Policy', 'camera=(self), microphone=(self), display-capture=(self)');
      next();
    },
  ];
}
