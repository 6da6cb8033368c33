/**
 * `npm run screenshot`: the README's pictures, taken from the production build in headless Chromium on
 * the simulated dashboard, with the real proxy connected to a fake Xero that the simulator posts to:
 * - docs/panel.png: the panel docked beside the Invoices list, on a 1280×720 screen, before a run;
 * - docs/preview.png: what Preview counted on each list, and the one question Smart Sync All then asks;
 * - docs/report.png: the report after Smart Sync All, what needs attention first, grouped by what to do;
 * - docs/dark.png: the same report in dark mode;
 * - docs/popup.png: the popup on that dashboard once the run has ended.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import {
  inPanel,
  PanelObject,
  PopupObject,
  pressPanelButton,
  simPaths,
  startSession,
  waitForPanel,
  waitForRunEnd,
} from '../tests/e2e/harness';
import { connectXero, pair, startLedger } from '../tests/e2e/ledger';
import { feedLedger } from '../tests/omni-sim/ledger-feed';

const DOCS = resolve(import.meta.dirname, '../docs');
const ORGANISATION = 'Demo Outdoor Co';
const png = (name: string) => join(DOCS, name) as `${string}.png`;

/** The panel's own rectangle (its drawer), for a picture of the panel alone. */
async function panelBox(page: Page) {
  const box = await inPanel(page, (root) => {
    const rect = root.querySelector('section[aria-label="Omni Smart Sync"]')?.getBoundingClientRect();
    return rect ? { x: rect.x, y: rect.y, width: rect.width, height: rect.height } : null;
  });
  if (!box) throw new Error('The panel is not on the page.');
  return box;
}

/** Opens a part of the panel a person would open to read it (the every-list table of a report). */
async function openDetails(page: Page, className: string) {
  await inPanel(
    page,
    (root, name) => {
      for (const details of Array.from(root.querySelectorAll<HTMLDetailsElement>(`details.${name}`)))
        details.open = true;
    },
    className,
  );
}

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
  mkdirSync(DOCS, { recursive: true });
  const { page } = session;

  // A laptop screen: the drawer beside the list it is about to sync.
  await page.setViewport({ width: 1280, height: 720 });
  await session.open(simPaths.dashboard);
  const panel = new PanelObject(page);
  await panel.waitVisible();
  await page.screenshot({ path: png('panel.png'), captureBeyondViewport: false });
  console.log(`Saved ${png('panel.png')}`);

  await pressPanelButton(page, 'Preview');
  await waitForRunEnd(page, 60_000, session);
  await pressPanelButton(page, 'Smart Sync All');
  await waitForPanel(page, { what: 'the question' }, (root) => root.querySelector('[data-role="question"]'));
  await page.screenshot({ path: png('preview.png'), clip: await panelBox(page) });
  console.log(`Saved ${png('preview.png')}`);

  // Tall enough for the whole report in the drawer.
  await page.setViewport({ width: 1400, height: 1600 });
  await pressPanelButton(page, 'Send');
  await waitForRunEnd(page, 80_000, session);
  await panel.waitForText(/In Xero: \d+ found once/, 20_000);
  await page.screenshot({ path: png('report.png'), clip: await panelBox(page) });
  console.log(`Saved ${png('report.png')}`);

  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  await openDetails(page, 'oss-steps');
  await page.setViewport({ width: 1400, height: 1200 });
  await page.screenshot({ path: png('dark.png'), clip: await panelBox(page) });
  console.log(`Saved ${png('dark.png')}`);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);

  const popup = await PopupObject.open(session);
  await popup.page.setViewport({ width: 420, height: 560 });
  await popup.page.waitForSelector('[data-field="last-run"]');
  await popup.page.screenshot({ path: png('popup.png'), fullPage: true });
  console.log(`Saved ${png('popup.png')}`);
} finally {
  await session.close();
  await ledger.close();
}
