// A streaming ustar (POSIX.1-1988) writer: enough to hand a hearing record over as one download
// that `tar -xf` unpacks anywhere, without a dependency and without a temporary copy on disk.
// Each entry is a 512-byte header, the data, and zero padding to the next 512; two zero blocks end it.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export interface TarEntry {
  /** Path inside the archive, forward slashes; directories end with '/'. */
  name: string;
  /** Absolute file on disk; absent for a directory. */
  file?: string;
  size: number;
  mode: number;
  mtime: Date;
}

const BLOCK = 512;

const padded = (size: number) => Math.ceil(size / BLOCK) * BLOCK;

/** Total bytes of the archive, for Content-Length. */
export function tarSize(entries: TarEntry[]): number {
  return entries.reduce((sum, e) => sum + BLOCK + padded(e.file ? e.size : 0), 0) + 2 * BLOCK;
}

function octal(value: number, width: number): string {
  // width-1 octal digits, zero padded, then NUL (the form GNU and BSD tar both read).
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** ustar keeps names in two fields: prefix (155 bytes) + '/' + name (100 bytes). */
function splitName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.lastIndexOf('/', path.length - 2); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`path too long for a ustar header: ${path}`);
}

export function tarHeader(e: TarEntry): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const { name, prefix } = splitName(e.name);
  const dir = !e.file;
  h.write(name, 0, 100, 'utf8');
  h.write(octal(e.mode & 0o7777, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(dir ? 0 : e.size, 12), 124, 'ascii');
  h.write(octal(Math.floor(e.mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum field counts as spaces while summing
  h.write(dir ? '5' : '0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('vcourt', 265, 'ascii'); // uname
  h.write('vcourt', 297, 'ascii'); // gname
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

/** The archive as a stream; file contents are read as the client consumes them. */
export function tarStream(entries: TarEntry[]): Readable {
  async function* generate() {
    for (const e of entries) {
      yield tarHeader(e);
      if (!e.file) continue;
      let sent = 0;
      for await (const chunk of createReadStream(e.file, { start: 0, end: Math.max(0, e.size - 1) })) {
        if (e.size === 0) break;
        sent += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      // A file that shrank since its header was written would corrupt every entry after it.
      if (sent !== e.size) throw new Error(`${e.name} changed while being archived`);
      if (padded(e.size) > e.size) yield Buffer.alloc(padded(e.size) - e.size, 0);
    }
    yield Buffer.alloc(2 * BLOCK, 0);
  }
  return Readable.from(generate(), { objectMode: false });
}
