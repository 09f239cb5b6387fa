// The one way ffmpeg and ffprobe reach a camera: a relay on loopback that connects to the address
// CameraNetworks checked (so a name that re-resolves elsewhere, or ffmpeg parsing the URL its own
// way, changes nothing) and refuses RTSP redirects. ffmpeg's RTSP demuxer follows the Location of
// any 3xx answer to OPTIONS, DESCRIBE or SETUP, to any host and port, with no option to turn that
// off, and keeps sending the camera's credentials there; so the relay reads what the camera sends
// and cuts both connections before a redirect's status line reaches ffmpeg.
//
// rtsps: the relay speaks TLS to the camera (without checking its certificate, as ffmpeg does not
// by default) and plain RTSP to ffmpeg over loopback, so that it can read the answers too.
import { connect as netConnect, createServer, isIP, type Server, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { CameraTarget } from './CameraNetworks.js';

/**
 * A status line ffmpeg reads as 300–399, in the camera's bytes with every CR removed (ffmpeg drops
 * CRs wherever they are): the first word starts with "RTSP/", words are separated by spaces and
 * tabs, and the code is the second word through atoi() (leading \v \f, a '+', zeros). Matched
 * anywhere, not only at a line start, so that no framing trick hides one from the relay.
 */
const REDIRECT = /RTSP\/[^ \t\n]*[ \t]+[\v\f]*\+?0*3\d\d(?!\d)/;
/** ffmpeg keeps at most 4095 characters of a line: a status line longer than that is not one. */
const CARRY = 4096;

/** Scans what a camera sends, across chunks, for an RTSP redirect. */
export class RedirectScan {
  #carry = '';

  /** Why the stream must be cut (a redirect), or null to pass `chunk` on. */
  push(chunk: Buffer): string | null {
    const text = this.#carry + chunk.toString('latin1').replace(/\r/g, '');
    const m = REDIRECT.exec(text);
    if (m) {
      const code = m[0].slice(-3);
      return `the camera answered ${code}, a redirect: vcourt does not follow camera redirects (register the URL it points to)`;
    }
    this.#carry = text.slice(-CARRY);
    return null;
  }
}

export class RtspRelay {
  #refusal: string | null = null;
  #closed = false;
  readonly #sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly target: CameraTarget,
    readonly port: number,
  ) {}

  /** A relay listening on 127.0.0.1 (a port of its own) to the checked target. */
  static async open(target: CameraTarget): Promise<RtspRelay> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const relay = new RtspRelay(server, target, (server.address() as { port: number }).port);
    server.on('connection', (client) => relay.#relay(client));
    return relay;
  }

  /** The camera's URL as ffmpeg gets it: credentials, path and query as written; host and port the relay's. */
  get url(): string {
    const { userinfo, rest } = this.target;
    return `rtsp://${userinfo === null ? '' : `${userinfo}@`}127.0.0.1:${this.port}${rest}`;
  }

  /** Why a connection was cut (a redirect), once one was. */
  get refusal(): string | null {
    return this.#refusal;
  }

  #relay(client: Socket): void {
    if (this.#closed) return void client.destroy();
    const { tls, host, address, port } = this.target;
    const upstream = tls
      ? tlsConnect({ host: address, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: false })
      : netConnect({ host: address, port });
    const scan = new RedirectScan();
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      this.#sockets.add(s);
      s.once('close', () => {
        this.#sockets.delete(s);
        cut();
      });
      s.on('error', cut);
    }
    client.on('data', (data: Buffer) => {
      if (!upstream.write(data)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    upstream.on('data', (data: Buffer) => {
      const refusal = scan.push(data);
      if (refusal) {
        this.#refusal ??= refusal;
        return cut();
      }
      if (!client.write(data)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  }

  /** Stops listening and cuts every connection. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.server.close();
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
  }
}
