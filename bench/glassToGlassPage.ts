// Page-side code of the glass-to-glass benchmark, run inside Chromium through addInitScript /
// evaluate. The publisher's "camera" is a canvas that paints the wall-clock time as 44 black/white
// bars, flashes white and beeps on every whole second; the subscriber reads the bars back from
// each decoded frame of the remote tile and listens for the beep.

/** Publisher: getUserMedia returns the canvas clock and a beep generator instead of devices. */
export const installClockCamera = () => {
  const BITS = 44;
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const g = canvas.getContext('2d')!;
  const audio = new AudioContext();
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  const dest = audio.createMediaStreamDestination();
  osc.frequency.value = 1000;
  gain.gain.value = 0;
  osc.connect(gain).connect(dest);
  osc.start();
  let lastBeep = 0;
  const paint = () => {
    const now = Date.now();
    g.fillStyle = '#808080';
    g.fillRect(0, 0, 640, 360);
    const w = 640 / BITS;
    for (let i = 0; i < BITS; i++) {
      g.fillStyle = Math.floor(now / 2 ** (BITS - 1 - i)) % 2 ? '#ffffff' : '#000000';
      g.fillRect(i * w, 0, w, 120);
    }
    const flash = now % 1000 < 200;
    g.fillStyle = flash ? '#ffffff' : '#000000';
    g.fillRect(0, 240, 640, 120);
    const second = Math.floor(now / 1000);
    if (second !== lastBeep && now % 1000 < 200) {
      lastBeep = second;
      // Schedule the beep on the audio clock for the same instant as the flash's first frame.
      const t = audio.currentTime;
      gain.gain.setValueAtTime(1, t);
      gain.gain.setValueAtTime(0, t + 0.2);
    }
    requestAnimationFrame(paint);
  };
  // rAF is throttled in background pages; a timer keeps painting regardless.
  setInterval(paint, 10);
  const [video] = canvas.captureStream(30).getVideoTracks();
  const [beep] = dest.stream.getAudioTracks();
  if (!video || !beep) throw new Error('the canvas or the audio destination gave no track');
  navigator.mediaDevices.getUserMedia = async (c?: MediaStreamConstraints) => {
    const tracks: MediaStreamTrack[] = [];
    if (c?.video) tracks.push(video.clone());
    if (c?.audio) tracks.push(beep.clone());
    return new MediaStream(tracks);
  };
};

/** Subscriber: per decoded frame of the publisher's tile, latency = now − painted time. */
export const measureFromTile = async (args: { participantId: string; seconds: number }) => {
  const BITS = 44;
  const tile = document.querySelector<HTMLVideoElement>(`[data-participant-id="${args.participantId}"] video`)!;
  const audioEl = document.querySelector<HTMLAudioElement>(`audio[data-participant-id="${args.participantId}"]`);
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  const latencies: number[] = [];
  const flashes: number[] = [];
  const beeps: number[] = [];
  let lastFlash = false;
  const done = Date.now() + args.seconds * 1000;

  if (audioEl?.srcObject) {
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 256;
    ctx.createMediaStreamSource(audioEl.srcObject as MediaStream).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    let loud = false;
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(buf);
      const peak = buf.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      if (peak > 0.2 && !loud) beeps.push(Date.now());
      loud = peak > 0.2;
      if (Date.now() > done) clearInterval(timer);
    }, 2);
  }

  await new Promise<void>((resolve) => {
    const onFrame = () => {
      const now = Date.now();
      g.drawImage(tile, 0, 0, 640, 360);
      const bars = g.getImageData(0, 40, 640, 1).data;
      let t = 0;
      for (let i = 0; i < BITS; i++) {
        const x = Math.floor((i + 0.5) * (640 / BITS));
        t = t * 2 + (bars[x * 4]! > 128 ? 1 : 0); // x < 640: inside the row
      }
      const age = now - t;
      if (age >= 0 && age < 5000) latencies.push(age);
      const flash = g.getImageData(320, 300, 1, 1).data[0]! > 128; // one pixel: 4 bytes
      if (flash && !lastFlash) flashes.push(now);
      lastFlash = flash;
      if (now < done) tile.requestVideoFrameCallback(onFrame);
      else resolve();
    };
    tile.requestVideoFrameCallback(onFrame);
  });
  // Pair each flash with the nearest beep: positive skew = audio late.
  const skews = flashes
    .map((f) => beeps.reduce<number | null>((best, b) => (best === null || Math.abs(b - f) < Math.abs(best) ? b - f : best), null))
    .filter((s): s is number => s !== null && Math.abs(s) < 500);
  return { latencies, skews, frames: latencies.length, flashes: flashes.length, beeps: beeps.length };
};
