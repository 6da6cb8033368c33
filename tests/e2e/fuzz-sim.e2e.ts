// The fuzz simulator in a real browser, without the extension: for one seed per navigation kind, the scripted
// instant human syncs every list in SPEC §3's order, and the simulator ends up as a careful person would leave
// it — only the items broken on purpose still pending, nothing forbidden pressed, nothing uploaded twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { humanOrder } from '../fuzz/run-check';
import { fuzzHumanSyncAll } from '../omni-sim/fuzz/human';
import { type NavigationKind, type RenderingVariant, variantFor } from '../omni-sim/fuzz/variant';
import { type OmniSim, type Provider, startOmniSim } from '../omni-sim/server';
import { CHROMIUM, chromiumArgs, doubleUploads } from './harness';

const LISTS_MOVING_TO_ERRORS = ['Invoices', 'Credit Notes', 'Supplier Invoices', 'Adjustments'];

/** The first seed of a navigation kind with the harder features: small pages, and confirm dialogs. */
function seedFor(navigation: NavigationKind, wanted: (v: RenderingVariant) => boolean): number {
  for (let seed = 0; ; seed++) {
    const v = variantFor(seed);
    if (v.navigation === navigation && v.pager.pageSize <= 5 && wanted(v)) return seed;
  }
}

const RUNS: Array<[NavigationKind, Provider, number]> = [
  ['inpage', 'xero', seedFor('inpage', (v) => v.confirm.enabled && v.pager.style === 'numbered')],
  [
    'post',
    'qbo',
    seedFor(
      'post',
      (v) => v.confirm.enabled && v.confirm.where === 'server' && v.pager.style === 'show-more',
    ),
  ],
  ['get', 'xero', seedFor('get', (v) => v.pager.sizes === null && v.pager.style === 'next-prev')],
];

async function launchChromium(port: number): Promise<{ browser: Browser; cleanup: () => void }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'oss-fuzz-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    acceptInsecureCerts: true,
    defaultViewport: { width: 1400, height: 1000 },
    args: chromiumArgs(port, userDataDir).filter(
      (arg) => !/^--(load-extension|disable-extensions-except)=/.test(arg),
    ),
  });
  return { browser, cleanup: () => rmSync(userDataDir, { recursive: true, force: true }) };
}

describe.each(RUNS)('fuzz rendering, %s navigation (%s, seed %i)', (_navigation, provider, seed) => {
  let sim: OmniSim | undefined;
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
  afterEach(async () => {
    await chromium?.browser.close();
    chromium?.cleanup();
    await sim?.close();
  });

  it('an instant careful person syncs every list, pressing only what is allowed, nothing twice', async () => {
    sim = await startOmniSim({ settings: { provider, rendering: { seed } } });
    chromium = await launchChromium(sim.port);
    const page = (await chromium.browser.pages())[0] ?? (await chromium.browser.newPage());
    const { clicks } = await fuzzHumanSyncAll(page, seed, humanOrder(provider));
    expect(clicks).toBeGreaterThan(20);

    expect(sim.actions().filter((action) => !action.allowed)).toEqual([]);
    expect(doubleUploads(sim)).toEqual([]);
    const uploads = sim.uploads();
    const failures = uploads.flatMap((u) =>
      u.results.filter((r) => !r.ok).map((r) => ({ ...r, subTab: u.subTab })),
    );
    expect(failures.filter((f) => /not linked/.test(f.error ?? ''))).toEqual([]);
    expect(failures.length).toBeGreaterThanOrEqual(3);
    // Everything not broken on purpose has left its list; what failed stays where Omni keeps it.
    const stillPending = Object.entries(sim.pending())
      .filter(([tab]) => !['Admin', 'Errors', 'Discrepancies'].includes(tab))
      .flatMap(([, lists]) => Object.values(lists).flat());
    expect(stillPending.sort()).toEqual(
      failures
        .filter((f) => !LISTS_MOVING_TO_ERRORS.includes(f.subTab))
        .map((f) => f.ref)
        .sort(),
    );
  });
});
