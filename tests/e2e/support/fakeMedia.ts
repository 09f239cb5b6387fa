// Distinct fake cameras and microphones per participant: Chromium's built-in fake device looks the
// same for everyone, so each participant's browser gets a solid-colour Y4M video and a sine WAV of
// its own. The composite can then be read by colour: a participant's tile is where their colour is.
import { chromium, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../../../playwright.config.js';

export type Rgb = [number, number, number];

export interface FakeDevice {
  colour: Rgb;
  /** Tone of the fake microphone, Hz. */
  tone: number;
}

const dir = join(tmpdir(), 'vcourt-fake-media');

function files(device: FakeDevice): { video: string; audio: string } {
  mkdirSync(dir, { recursive: true });
  const hex = device.colour.map((c) => c.toString(16).padStart(2, '0')).join('');
  const video = join(dir, `${hex}.y4m`);
  const audio = join(dir, `${device.tone}.wav`);
  if (!existsSync(video)) {
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=0x${hex}:s=640x360:r=25:d=1`, '-pix_fmt', 'yuv420p', video]);
  }
  if (!existsSync(audio)) {
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=f=${device.tone}:d=5:sample_rate=48000`, '-ac', '1', audio]);
  }
  return { video, audio };
}

/** A Chromium of its own whose camera and microphone are `device`. */
export async function browserWithDevice(device: FakeDevice): Promise<Browser> {
  const { video, audio } = files(device);
  return chromium.launch({
    executablePath: process.env.VCOURT_CHROMIUM ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${video}`, `--use-file-for-fake-audio-capture=${audio}`],
  });
}
