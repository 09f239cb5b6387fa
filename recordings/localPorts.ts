// Loopback UDP ports for ffmpeg to receive a tap's RTP (port) and RTCP (port + 1).
import { createSocket, type Socket } from 'node:dgram';
import { readFile } from 'node:fs/promises';

function bind(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(undefined);
    });
    s.bind({ port, address: '0.0.0.0', exclusive: true }, () => resolve(s));
  });
}

/**
 * A pair of free ports (p, p + 1), chosen by the kernel and released for ffmpeg to take. Another
 * process could take one in between; ffmpeg then fails to bind and the recorder starts a new run.
 */
export async function pickUdpPortPair(attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const first = await bind(0);
    if (!first) continue;
    const port = first.address().port;
    const second = port < 65535 ? await bind(port + 1) : undefined;
    first.close();
    second?.close();
    if (second) return port;
  }
  throw new Error('No free pair of UDP ports for a recorder');
}

/** Whether some socket is bound to UDP `port` (Linux /proc; undefined where it cannot tell). */
export async function isUdpBound(port: number): Promise<boolean | undefined> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let found: boolean | undefined;
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    const text = await readFile(table, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    found ||= text.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(`:${hex}`));
  }
  return found;
}

/**
 * Resolves once ffmpeg listens on `port`, so that the tap's first packets (a video key frame) are
 * not sent into the void. Gives up quietly after `timeoutMs`, or at once where /proc cannot tell.
 */
export async function waitUdpBound(port: number, timeoutMs = 3000, intervalMs = 15): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const bound = await isUdpBound(port);
    if (bound !== false) return bound === true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
