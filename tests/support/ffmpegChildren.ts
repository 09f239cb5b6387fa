// A stand-in for the server in tests/integration/ffmpeg-lifetime.test.ts: spawns a long-running
// ffmpeg and an ffprobe that waits forever (on the FIFO given as argument, which nobody opens for
// writing), both through core/lib/ffmpeg.ts, prints one JSON line with its own pid and ffmpeg's,
// and waits to be killed.
import { ffprobe, spawnFfmpeg } from '../../core/lib/ffmpeg.js';

const fifo = process.argv[2];
if (!fifo) throw new Error('usage: ffmpegChildren.ts <fifo>');
const ffmpeg = spawnFfmpeg(['-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-f', 'null', '-']);
ffprobe(fifo).then(
  () => console.error('ffprobe ended'),
  (error: unknown) => console.error(String(error)),
);
console.log(JSON.stringify({ pid: process.pid, ffmpeg: ffmpeg.pid }));
setInterval(() => undefined, 60_000);
