// Loudness of a microphone track, 0..1, sampled ten times a second with a WebAudio AnalyserNode.
// A timer rather than requestAnimationFrame: it keeps ticking in background tabs and headless runs.
import { useEffect, useState } from 'react';

const SAMPLE_MS = 100;

export function useMicLevel(track: MediaStreamTrack | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track || typeof AudioContext === 'undefined') {
      setLevel(0);
      return;
    }
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser); // analyser only: nothing is played back
    const samples = new Float32Array(analyser.fftSize);
    // Browsers may start the context suspended until the page sees a gesture.
    const resume = () => void context.resume().catch(() => {});
    resume();
    window.addEventListener('pointerdown', resume);
    window.addEventListener('keydown', resume);
    const timer = window.setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const rms = Math.sqrt(sum / samples.length);
      // Speech sits around 0.02–0.2 RMS; a square-root curve makes quiet voices visible.
      setLevel(Math.min(1, Math.sqrt(rms * 4)));
    }, SAMPLE_MS);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('pointerdown', resume);
      window.removeEventListener('keydown', resume);
      source.disconnect();
      void context.close().catch(() => {});
    };
  }, [track]);
  return level;
}
