/**
 * `npm run screenshot`: the README's pictures, taken from the production build in headless Chromium on
 * the simulated dashboard, with the real proxy connected to a fake Xero that the simulator posts to:
 * - docs/panel.png: the panel's report after a Smart Sync All run, Ledger column and ledger checks included;
 * - docs/popup.png: the popup on that dashboard once the run has ended.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  inPanel,
  PanelObject,
  PopupObject,
  simPaths,
  startSession,
  startSmartSyncAll,
  waitForRunEnd,
} from '../tests/e2e/harness';
import { connectXero, pair, startLedger } from '../tests/e2e/ledger';
import { feedLedger } from '../tests/omni-sim/ledger-feed';

const DOCS = resolve(import.meta.dirname, '../docs');
const ORGANISATION = 'Demo Outdoor Co';

const ledger = await startLedger({
  name: ORGANISATION,
  contacts: [{ name: 'Kauri Coast Outfitters' }],
  periodLockDate: '2026-10-02',
});
const session = await startSession({ provider: 'xero', navigation: 'inpage', uploadLatencyMs: 100 });
try {
  // One invoice the ledger misses, one it holds twice: what the report shows first.
  feedLedger(session.sim, ledger.xero, ledger.tenantId, { skip: ['INV-10234'], twice: ['INV-10236'] });
  await pair(session, ledger.proxy.url);
  await connectXero(session, ORGANISATION);
  // Tall enough for the whole report in the panel.
  await session.page.setViewport({ width: 1400, height: 1900 });
  await session.open(simPaths.dashboard);
  const panel = new PanelObject(session.page);
  await panel.waitVisible();
  await startSmartSyncAll(session.page);
  await waitForRunEnd(session.page, 80_000, session);
  await panel.waitForText(/In Xero: \d+ found once/, 20_000);
  mkdirSync(DOCS, { recursive: true });
  const box = await inPanel(session.page, (root) => {
    const section = root.querySelector('section[aria-label="Omni Smart Sync"]');
    const rect = section?.getBoundingClientRect();
    return rect ? { x: rect.x, y: rect.y, width: rect.width, height: rect.height } : null;
  });
  if (!box) throw new Error('The panel is not on the page.');
  await session.page.screenshot({ path: join(DOCS, 'panel.png') as `${string}.png`, clip: box });
  console.log(`Saved ${join(DOCS, 'panel.png')}`);

  const popup = await PopupObject.open(session);
  await popup.page.setViewport({ width: 420, height: 560 });
  await popup.page.waitForSelector('[data-field="last-run"]');
  await popup.page.screenshot({ path: join(DOCS, 'popup.png') as `${string}.png`, fullPage: true });
  console.log(`Saved ${join(DOCS, 'popup.png')}`);
} finally {
  await session.close();
  await ledger.close();
}
