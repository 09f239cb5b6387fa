// B3 glass-to-glass: the publisher paints the wall-clock time into its camera (a canvas stream);
// the subscriber reads it back from every decoded frame of the publisher's tile in the real
// courtroom client. Also audio/video skew from a flash and a beep made at the same instant.
// Prints figures; asserts nothing. Run: npm run bench:g2g [-- --seconds 20]
import {
  benchHearing,
  definePageNameHelper,
  launchChromium,
  machine,
  printTable,
  spread,
  startBenchServer,
  writeResult,
} from './support.js';
import { installClockCamera, measureFromTile } from './glassToGlassPage.js';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 20;

async function main(): Promise<void> {
  const vcourt = await startBenchServer();
  const browser = await launchChromium();
  try {
    const { invite } = await benchHearing(vcourt, 'glass to glass');
    const judgeWho = await invite('judge', 'Thẩm phán');
    const defendantWho = await invite('defendant', 'Bị cáo');

    const pubCtx = await browser.newContext();
    await pubCtx.addInitScript(definePageNameHelper);
    await pubCtx.addInitScript(installClockCamera);
    const publisher = await pubCtx.newPage();
    await publisher.goto(judgeWho.url);
    await publisher.getByTestId('rules-accept').check();
    await publisher.getByTestId('continue-button').click();
    await publisher.getByTestId('courtroom').waitFor();
    await publisher.getByTestId('transition-open').click();

    const subCtx = await browser.newContext();
    await subCtx.addInitScript(definePageNameHelper);
    const subscriber = await subCtx.newPage();
    await subscriber.goto(defendantWho.url);
    await subscriber.getByTestId('rules-accept').check();
    await subscriber.getByTestId('continue-button').click();
    await publisher.getByTestId('admit-button').click();
    await subscriber.locator(`[data-participant-id="${judgeWho.id}"] video`).first().waitFor();
    await subscriber.waitForTimeout(3000); // let simulcast ramp up to the top layer

    const r = await subscriber.evaluate(measureFromTile, { participantId: judgeWho.id, seconds });
    const result = {
      bench: 'glass-to-glass',
      at: new Date().toISOString(),
      machine: machine(),
      chromium: browser.version(),
      seconds,
      frames: r.frames,
      ms: { latency: spread(r.latencies), audioMinusVideo: spread(r.skews) },
    };
    printTable(
      `glass-to-glass over ${seconds} s (${r.frames} frames, ${r.flashes} flashes, ${r.beeps} beeps; Chromium ${browser.version()}, loopback)`,
      [
        ['video latency (paint → decoded frame)', result.ms.latency],
        ['audio − video skew (beep vs flash)', result.ms.audioMinusVideo],
      ],
    );
    writeResult('glass-to-glass', result);
  } finally {
    await browser.close();
    await vcourt.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
