/**
 * `npm run screenshot`: the README's picture of the panel on the simulated dashboard, after a Smart
 * Sync All run, taken from the production build in headless Chromium.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PanelObject, pressPanelButton, simPaths, startSession, waitForRunEnd } from '../tests/e2e/harness';

const OUT = resolve(import.meta.dirname, '../docs/panel.png');
const session = await startSession({ provider: 'xero', navigation: 'inpage', uploadLatencyMs: 100 });
try {
  await session.page.setViewport({ width: 1400, height: 1000 });
  await session.open(simPaths.dashboard);
  const panel = new PanelObject(session.page);
  await panel.waitVisible();
  await pressPanelButton(session.page, 'Smart Sync All');
  await waitForRunEnd(session.page);
  mkdirSync(join(OUT, '..'), { recursive: true });
  await session.page.screenshot({ path: OUT as `${string}.png` });
  console.log(`Saved ${OUT}`);
} finally {
  await session.close();
}
