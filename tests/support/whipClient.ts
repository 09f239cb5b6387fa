// Debian's simple-whip-client (`whip-client`, Meetecho's WHIP client on GStreamer webrtcbin +
// libnice) publishing a GStreamer test source into vcourt, for tests and benches.
//
// Two things stop the Debian 12 binary from working here as installed, both fixed by one small
// library preloaded into it (tests/support/whip-client-shim.c, compiled with the system cc on
// first use): libsoup 2 and 3 end up in one process and libsoup 3 aborts; and libnice skips
// loopback interfaces, so on a loopback-only host or namespace it gathers no candidate at all
// (checked: `unshare --net` with only `lo` → "ICE gathering started..." and nothing more). With
// the shim libnice gathers 127.0.0.1 and the media stays on `lo`, in the host namespace or inside
// scripts/e2e.sh's. The other way that works (tried): a veth pair with a private address inside a
// namespace of one's own (no `dummy` module here), with mediasoup listening on that address; it
// needs the server in that namespace too, which the integration tests' in-process server is not.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SHIM_SOURCE = join(import.meta.dirname, 'whip-client-shim.c');

/** Compiles the shim once per source version; returns the path to preload. */
export function whipClientShim(): string {
  const source = readFileSync(SHIM_SOURCE);
  const dir = join(tmpdir(), `vcourt-whip-shim-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`);
  const lib = join(dir, 'libgupnp-igd-1.0.so.4');
  if (existsSync(lib)) return lib;
  mkdirSync(dir, { recursive: true });
  const partial = `${lib}.${process.pid}`;
  const cc = spawnSync('cc', ['-shared', '-fPIC', '-O2', '-Wl,-soname,libgupnp-igd-1.0.so.4', '-o', partial, SHIM_SOURCE, '-ldl'], {
    encoding: 'utf8',
  });
  if (cc.status !== 0) throw new Error(`building the whip-client shim failed: ${cc.stderr || cc.error}`);
  renameSync(partial, lib);
  return lib;
}

export type WhipVideoCodec = 'vp8' | 'h264' | 'vp9';

export interface WhipClientOptions {
  url: string;
  token: string;
  video?: WhipVideoCodec;
  /** The raw video source (default: a moving test pattern); e.g. a solid colour for tile checks. */
  videoSource?: string;
  audio?: boolean;
  /** false (default): candidates in the offer (-n); true: whip-client trickles them with PATCH. */
  trickle?: boolean;
}

const RAW = 'video/x-raw,width=320,height=240,framerate=15/1';

function videoPipeline(codec: WhipVideoCodec, source: string): string {
  const encode = {
    vp8: 'vp8enc deadline=1 cpu-used=8 keyframe-max-dist=15 ! rtpvp8pay pt=96 ssrc=2',
    h264:
      'x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 ! video/x-h264,profile=constrained-baseline ! ' +
      'rtph264pay pt=102 ssrc=3 config-interval=-1 aggregate-mode=zero-latency',
    vp9: 'vp9enc deadline=1 cpu-used=8 ! rtpvp9pay pt=98 ssrc=4',
  }[codec];
  const [name, pt] = { vp8: ['VP8', 96], h264: ['H264', 102], vp9: ['VP9', 98] }[codec] as [string, number];
  return `${source} ! ${RAW} ! videoconvert ! queue ! ${encode} ! queue ! application/x-rtp,media=video,encoding-name=${name},payload=${pt}`;
}

const AUDIO =
  'audiotestsrc is-live=true wave=sine freq=440 ! audioconvert ! audioresample ! queue ! opusenc ! ' +
  'rtpopuspay pt=100 ssrc=1 ! queue ! application/x-rtp,media=audio,encoding-name=OPUS,payload=100';

export class WhipClient {
  #output = '';
  readonly exited: Promise<number | null>;

  private constructor(readonly process: ChildProcess) {
    const append = (d: Buffer) => (this.#output += d.toString());
    process.stdout!.on('data', append);
    process.stderr!.on('data', append);
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  }

  static start(options: WhipClientOptions): WhipClient {
    const args = ['-u', options.url, '-t', options.token, '-o', '-l', '4'];
    if (!options.trickle) args.push('-n');
    if (options.video) args.push('-V', videoPipeline(options.video, options.videoSource ?? 'videotestsrc is-live=true pattern=ball'));
    if (options.audio) args.push('-A', AUDIO);
    const child = spawn('whip-client', args, {
      env: { ...process.env, LD_PRELOAD: whipClientShim(), GST_DEBUG: process.env.GST_DEBUG ?? '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new WhipClient(child);
  }

  get output(): string {
    return this.#output;
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Waits until the client's log matches (or it exits, or time runs out). */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.#output)) {
      if (!this.running) throw new Error(`whip-client exited before ${pattern}:\n${this.#output}`);
      if (Date.now() > deadline) throw new Error(`whip-client: no ${pattern} within ${timeoutMs} ms:\n${this.#output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Ctrl+C: whip-client sends its DELETE, then exits. Killed if it hangs. */
  async stop(timeoutMs = 8000): Promise<number | null> {
    if (!this.running) return this.exited;
    this.process.kill('SIGINT');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** The encoder vanishes (power cut): no DELETE. */
  async kill(): Promise<void> {
    if (this.running) this.process.kill('SIGKILL');
    await this.exited;
  }
}
