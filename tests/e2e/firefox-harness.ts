/**
 * Firefox harness: Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi, with the Firefox
 * build users install (.output/firefox-mv3, `npm run build:firefox`) added as a temporary add-on, and
 * the Omni simulator answering as https://go.cin7.com (Firefox resolves the name to loopback and sends
 * port 443 to the simulator's port).
 *
 * The panel's shadow root is closed to the page's scripts. In Chromium the tests reach it over the
 * DevTools protocol (harness.ts, inPanel); here WebDriver BiDi does the same: a node's serialization
 * carries its shadow root, open or closed, as a reference the test may use. Buttons are found in it by
 * role and accessible name (browsingContext.locateNodes with an accessibility locator) and pressed
 * with a real mouse click (input.performActions), which the page receives as trusted input.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type JSHandle, type Page } from 'puppeteer-core';
import { type OmniSim, type SimSettings, startOmniSim } from '../omni-sim/server';
import { OMNI, PANEL_HOST } from './harness';

export const FIREFOX_EXTENSION_DIR = join(import.meta.dirname, '../../.output/firefox-mv3');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface FirefoxSession {
  browser: Browser;
  sim: OmniSim;
  /** The add-on id Firefox installed the build under (browser_specific_settings.gecko.id). */
  addonId: string;
  page: Page;
  /** Opens an Omni page ("/Cloud/…") in the session's page. */
  open(path: string): Promise<void>;
  close(): Promise<void>;
}

export async function startFirefoxSession(settings: Partial<SimSettings> = {}): Promise<FirefoxSession> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No Firefox build in ${FIREFOX_EXTENSION_DIR}: run "npx wxt build -b firefox" first.`);
  }
  if (!existsSync(FIREFOX)) throw new Error(`No Firefox at ${FIREFOX}: apt-get install firefox-esr.`);
  const sim = await startOmniSim({ settings });
  const browser = await puppeteer
    .launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      acceptInsecureCerts: true,
      defaultViewport: { width: 1400, height: 1000 },
      extraPrefsFirefox: {
        // go.cin7.com is this machine, and its port 443 is the simulator's.
        'network.dns.localDomains': 'go.cin7.com',
        'network.socket.forcePort': `443=${sim.port}`,
      },
    })
    .catch(async (error: unknown) => {
      await sim.close();
      throw error;
    });
  const addonId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  return {
    browser,
    sim,
    addonId,
    page,
    async open(path) {
      await page.goto(`${OMNI}${path}`, { waitUntil: 'load' });
    },
    async close() {
      await browser.close().catch(() => undefined);
      // puppeteer removes the throw-away profile it made.
      await sim.close();
    },
  };
}

/** WebDriver BiDi's view of a node, as browsingContext.locateNodes returns it. */
interface BidiNode {
  type: 'node';
  sharedId: string;
  value?: { shadowRoot?: BidiNode | null };
}

/** The parts of puppeteer's BiDi frame used here (puppeteer has no public API for locateNodes). */
interface BidiFrame {
  browsingContext: {
    locateNodes(
      locator:
        | { type: 'css'; value: string }
        | { type: 'accessibility'; value: { role?: string; name?: string } },
      startNodes?: Array<{ sharedId: string }>,
    ): Promise<BidiNode[]>;
  };
  mainRealm(): { createHandle(value: BidiNode): JSHandle<unknown> };
}

function bidi(page: Page): BidiFrame {
  const frame = page.mainFrame() as unknown as Partial<BidiFrame>;
  if (!frame.browsingContext || !frame.mainRealm) throw new Error('Not a WebDriver BiDi page.');
  return frame as BidiFrame;
}

/** The panel's (closed) shadow root as the WebDriver sees it, or null when there is no panel. */
async function panelRoot(page: Page): Promise<BidiNode | null> {
  const [host] = await bidi(page).browsingContext.locateNodes({ type: 'css', value: PANEL_HOST });
  return host?.value?.shadowRoot ?? null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` on the panel's shadow root in the page and returns its (JSON) result, or null when there is
 * no panel: the same contract as harness.ts's inPanel, so the Chromium tests' readings carry over.
 */
export async function inFirefoxPanel<T, A extends unknown[]>(
  page: Page,
  fn: (root: ShadowRoot, ...args: A) => T,
  ...args: A
): Promise<Awaited<T> | null> {
  const root = await panelRoot(page);
  if (!root) return null;
  const handle = bidi(page).mainRealm().createHandle(root) as JSHandle<ShadowRoot>;
  // `__name`: what a bundler's keep-names transform may leave in the function's source.
  const call = new Function(
    'root',
    '...args',
    `const __name = (f) => f; return (${fn.toString()})(root, ...args);`,
  ) as (root: ShadowRoot, ...args: A) => T;
  try {
    return (await handle.evaluate(call as never, ...(args as unknown as never[]))) as Awaited<T>;
  } finally {
    await handle.dispose().catch(() => undefined);
  }
}

/** Polls `fn` on the panel until it answers something truthy (a page load in between is waited out). */
export async function waitForFirefoxPanel<T, A extends unknown[]>(
  page: Page,
  options: { timeout?: number; polling?: number; what: string },
  fn: (root: ShadowRoot, ...args: A) => T,
  ...args: A
): Promise<NonNullable<Awaited<T>>> {
  const deadline = Date.now() + (options.timeout ?? 10_000);
  let lastError: unknown = null;
  for (;;) {
    const value = await inFirefoxPanel(page, fn, ...args).catch((error) => {
      lastError = error;
      return null;
    });
    if (value) return value as NonNullable<Awaited<T>>;
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Waiting for the panel: ${options.what} did not happen in time${cause}`);
    }
    await sleep(options.polling ?? 100);
  }
}

/**
 * Presses a button of the panel as a person would: found by its role and accessible name, then a real
 * mouse click at its middle once it has stayed put for a moment and nothing covers it there.
 */
export async function pressFirefoxPanelButton(page: Page, name: string): Promise<void> {
  const where = async (): Promise<{ x: number; y: number } | null> => {
    const root = await panelRoot(page);
    if (!root) return null;
    const frame = bidi(page);
    const found = await frame.browsingContext.locateNodes(
      { type: 'accessibility', value: { role: 'button', name } },
      [{ sharedId: root.sharedId }],
    );
    for (const node of found) {
      const button = frame.mainRealm().createHandle(node) as ElementHandle<HTMLButtonElement>;
      try {
        const point = await button.evaluate((element) => {
          if (element.disabled) return null;
          element.scrollIntoView({ block: 'center' });
          const box = element.getBoundingClientRect();
          const x = box.left + box.width / 2;
          const y = box.top + box.height / 2;
          const hit = (element.getRootNode() as ShadowRoot).elementFromPoint(x, y);
          return hit && element.contains(hit) ? { x, y } : null;
        });
        if (point) return point;
      } finally {
        await button.dispose().catch(() => undefined);
      }
    }
    return null;
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const first = await where().catch(() => null);
    if (first) {
      await sleep(50);
      const second = await where().catch(() => null);
      if (second && second.x === first.x && second.y === first.y) {
        await page.mouse.click(second.x, second.y);
        return;
      }
    }
    if (Date.now() > deadline) throw new Error(`No panel button "${name}" to press`);
    await sleep(100);
  }
}

/** The injected panel in Firefox, read through its (closed) shadow root as harness.ts's PanelObject. */
export class FirefoxPanel {
  constructor(private readonly page: Page) {}

  async waitVisible(timeout = 10_000): Promise<void> {
    await waitForFirefoxPanel(this.page, { timeout, polling: 50, what: 'the panel showing' }, (root) => {
      const panel = root.querySelector<HTMLElement>('section[aria-label="Omni Smart Sync"]');
      return panel !== null && panel.offsetHeight > 0;
    });
  }

  async isPresent(): Promise<boolean> {
    return this.page.evaluate((host) => document.querySelector(host) !== null, PANEL_HOST);
  }

  async statusText(): Promise<string> {
    return (
      (await inFirefoxPanel(this.page, (root) => root.querySelector('[role="status"]')?.textContent ?? '')) ??
      ''
    );
  }

  async text(): Promise<string> {
    return (
      (await inFirefoxPanel(this.page, (root) => root.querySelector('section')?.textContent ?? '')) ?? ''
    );
  }

  /** Tab label → the sub-tab labels the panel lists under it. */
  async subTabs(): Promise<Record<string, string[]>> {
    const found = await inFirefoxPanel(this.page, (root) => {
      const result: Record<string, string[]> = {};
      for (const group of Array.from(root.querySelectorAll('tbody[data-tab]'))) {
        result[group.getAttribute('data-tab') ?? ''] = Array.from(
          group.querySelectorAll('tr[data-subtab]'),
        ).map((row) => row.getAttribute('data-subtab') ?? '');
      }
      return result;
    });
    return found ?? {};
  }

  async waitForText(pattern: RegExp, timeout = 10_000): Promise<void> {
    await waitForFirefoxPanel(
      this.page,
      { timeout, what: `text matching ${pattern}` },
      (root, source, flags) =>
        new RegExp(source, flags).test(root.querySelector('section')?.textContent ?? ''),
      pattern.source,
      pattern.flags,
    );
  }

  /** Waits until the run has ended (finished, cancelled or interrupted) and returns the headline. */
  async waitForRunEnd(sim: OmniSim, timeout = 80_000): Promise<string> {
    try {
      await waitForFirefoxPanel(this.page, { timeout, polling: 200, what: 'the run ending' }, (root) =>
        ['done', 'cancelled', 'interrupted'].includes(
          root.querySelector('[data-run-status]')?.getAttribute('data-run-status') ?? '',
        ),
      );
    } catch (error) {
      // No background target to ask in Firefox: the page, the simulator and the panel tell where it stood.
      const explanation = {
        url: this.page.url(),
        lastActions: sim.actions().slice(-4),
        panel: await this.text().catch(() => 'no panel'),
      };
      throw new Error(`${(error as Error).message}: ${JSON.stringify(explanation)}`);
    }
    // After a run the tab goes back to the sub-tab it started on, which may load a page: waited out.
    return waitForFirefoxPanel(
      this.page,
      { what: 'the run’s headline' },
      (root) => root.querySelector('[data-role="run-headline"]')?.textContent ?? '',
    );
  }

  /** What the report says about one reference: its reason and fix as shown (waits for it to show). */
  async reportedFailure(reference: string): Promise<{ reason: string; fix: string }> {
    return waitForFirefoxPanel(
      this.page,
      { what: `the report's item ${reference}` },
      (root, ref) => {
        const item = root.querySelector(`[data-failed-ref="${CSS.escape(ref)}"]`);
        return item
          ? {
              reason: item.querySelector('[data-role="reason"]')?.textContent ?? '',
              fix: item.querySelector('[data-role="fix"]')?.textContent ?? '',
            }
          : null;
      },
      reference,
    );
  }
}
