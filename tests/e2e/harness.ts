/**
 * Real-browser harness: Debian Chromium driven by puppeteer-core, loading the production build in
 * .output/chrome-mv3, with the Omni simulator answering as https://go.cin7.com.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer-core';
import { type OmniSim, type SimSettings, simPaths, startOmniSim } from '../omni-sim/server';

export const EXTENSION_DIR = join(import.meta.dirname, '../../.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
export const OMNI = 'https://go.cin7.com';
export const PANEL_HOST = 'omni-smart-sync-panel';

export interface Session {
  browser: Browser;
  sim: OmniSim;
  extensionId: string;
  worker: WebWorker;
  page: Page;
  /** Opens an Omni page ("/Cloud/…") in the session's page. */
  open(path: string): Promise<void>;
  close(): Promise<void>;
}

export function chromiumArgs(simPort: number, userDataDir: string): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    `--user-data-dir=${userDataDir}`,
    `--disable-extensions-except=${EXTENSION_DIR}`,
    `--load-extension=${EXTENSION_DIR}`,
    `--host-resolver-rules=MAP go.cin7.com 127.0.0.1:${simPort}`,
    '--ignore-certificate-errors',
    '--window-size=1400,1000',
  ];
}

export async function launchWithExtension(
  simPort: number,
  options: { headless?: boolean } = {},
): Promise<{ browser: Browser; extensionId: string; worker: WebWorker; cleanup: () => void }> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No extension build in ${EXTENSION_DIR}: run "npx wxt build" first.`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium.`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'oss-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    enableExtensions: true,
    acceptInsecureCerts: true,
    defaultViewport: { width: 1400, height: 1000 },
    args: chromiumArgs(simPort, userDataDir),
  });
  const target = await browser.waitForTarget(
    (candidate) => candidate.type() === 'service_worker' && candidate.url().startsWith('chrome-extension://'),
    { timeout: 15_000 },
  );
  const worker = (await target.worker())!;
  const extensionId = new URL(target.url()).host;
  return {
    browser,
    extensionId,
    worker,
    cleanup: () => rmSync(userDataDir, { recursive: true, force: true }),
  };
}

export async function startSession(settings: Partial<SimSettings> = {}): Promise<Session> {
  const sim = await startOmniSim({ settings });
  const { browser, extensionId, worker, cleanup } = await launchWithExtension(sim.port);
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  return {
    browser,
    sim,
    extensionId,
    worker,
    page,
    async open(path) {
      await page.goto(`${OMNI}${path}`, { waitUntil: 'load' });
    },
    async close() {
      await browser.close().catch(() => undefined);
      await sim.close();
      cleanup();
    },
  };
}

export { simPaths };

/**
 * Clicks a first-row tab of the simulated dashboard as a person would: the visible tab whose label
 * (count aside) is `label`. Works for both of the simulator's renderings.
 */
export async function clickDashboardTab(page: Page, label: string): Promise<void> {
  // A person waits for Omni's loading overlay to go before clicking the next tab.
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, {
    timeout: 10_000,
  });
  const handle = await page.evaluateHandle((wanted) => {
    const strip = document.querySelector('[role="tablist"], .RadTabStrip');
    const items = Array.from(strip?.querySelectorAll('[role="tab"], a.rtsLink') ?? []);
    return items.find((item) => (item.textContent ?? '').replace(/\s*\d+\s*$/, '').trim() === wanted) ?? null;
  }, label);
  const element = handle.asElement() as import('puppeteer-core').ElementHandle<Element> | null;
  if (!element) throw new Error(`No dashboard tab "${label}"`);
  const { selected, postback } = await element.evaluate((tab) => ({
    selected: tab.getAttribute('aria-selected') === 'true' || tab.classList.contains('rtsSelected'),
    postback: tab.matches('a.rtsLink'),
  }));
  if (selected) return;
  // A postback tab loads a new page: wait for it, so the next step does not act on the old one.
  if (postback) await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), element.click()]);
  else await element.click();
}

/**
 * The extension's service worker as it is now: Chromium may restart it, and a handle taken at launch
 * can then point at a context without the extension's APIs.
 */
export async function extensionWorker(session: Session): Promise<WebWorker> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const target = await session.browser.waitForTarget(
      (candidate) =>
        candidate.type() === 'service_worker' &&
        candidate.url().startsWith(`chrome-extension://${session.extensionId}/`),
      { timeout: 10_000 },
    );
    const worker = await target.worker();
    const ready = await worker
      ?.evaluate(() => typeof (globalThis as { chrome?: { storage?: unknown } }).chrome?.storage === 'object')
      .catch(() => false);
    if (worker && ready) return worker;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('The extension service worker never became ready.');
}

/** The injected panel, read through its shadow root as a person reads it. */
export class PanelObject {
  constructor(private readonly page: Page) {}

  async waitVisible(timeout = 10_000): Promise<void> {
    await this.page.waitForFunction(
      (host) => {
        const panel = document
          .querySelector(host)
          ?.shadowRoot?.querySelector('section[aria-label="Omni Smart Sync"]');
        return panel !== null && panel !== undefined && (panel as HTMLElement).offsetHeight > 0;
      },
      { timeout },
      PANEL_HOST,
    );
  }

  async isPresent(): Promise<boolean> {
    return this.page.evaluate((host) => document.querySelector(host) !== null, PANEL_HOST);
  }

  /** The panel's status sentence ("Xero V2 Accounting Dashboard found."). */
  async statusText(): Promise<string> {
    return this.page.evaluate(
      (host) => document.querySelector(host)?.shadowRoot?.querySelector('[role="status"]')?.textContent ?? '',
      PANEL_HOST,
    );
  }

  async text(): Promise<string> {
    return this.page.evaluate(
      (host) => document.querySelector(host)?.shadowRoot?.querySelector('section')?.textContent ?? '',
      PANEL_HOST,
    );
  }

  /** Tab label → the sub-tab labels the panel lists under it. */
  async subTabs(): Promise<Record<string, string[]>> {
    return this.page.evaluate((host) => {
      const root = document.querySelector(host)?.shadowRoot;
      const result: Record<string, string[]> = {};
      for (const group of Array.from(root?.querySelectorAll('tbody[data-tab]') ?? [])) {
        result[group.getAttribute('data-tab') ?? ''] = Array.from(
          group.querySelectorAll('tr[data-subtab]'),
        ).map((row) => row.getAttribute('data-subtab') ?? '');
      }
      return result;
    }, PANEL_HOST);
  }

  /** Waits until the panel's text satisfies the pattern (it follows in-page re-renders). */
  async waitForText(pattern: RegExp, timeout = 10_000): Promise<void> {
    await this.page.waitForFunction(
      (host, source, flags) =>
        new RegExp(source, flags).test(
          document.querySelector(host)?.shadowRoot?.querySelector('section')?.textContent ?? '',
        ),
      { timeout },
      PANEL_HOST,
      pattern.source,
      pattern.flags,
    );
  }
}

/** The popup page, opened as the toolbar popup for the tab under test. */
export class PopupObject {
  private constructor(readonly page: Page) {}

  static async open(session: Session): Promise<PopupObject> {
    await session.page.bringToFront();
    const opened = session.browser.waitForTarget((target) => target.url().endsWith('/popup.html'), {
      timeout: 10_000,
    });
    await (await extensionWorker(session)).evaluate(() =>
      (
        globalThis as unknown as { chrome: { action: { openPopup(): Promise<void> } } }
      ).chrome.action.openPopup(),
    );
    const page = await (await opened).asPage();
    await page.waitForSelector('[data-field="dashboard"]', { timeout: 10_000 });
    return new PopupObject(page);
  }

  async field(name: string): Promise<string> {
    return this.page.$eval(`[data-field="${name}"]`, (element) => element.textContent ?? '');
  }
}

/** Presses a button of the panel by its accessible name, as a person would. */
export async function pressPanelButton(page: Page, name: string): Promise<void> {
  const handle = await page.waitForFunction(
    (host, wanted) =>
      Array.from(document.querySelector(host)?.shadowRoot?.querySelectorAll('button') ?? []).find(
        (button) =>
          (button.getAttribute('aria-label') ?? button.textContent ?? '').trim() === wanted &&
          !button.disabled,
      ),
    { timeout: 10_000 },
    PANEL_HOST,
    name,
  );
  // A DOM click: the panel may still grow as its status arrives, and a mouse click at stale coordinates
  // would miss.
  await (handle as unknown as import('puppeteer-core').ElementHandle<HTMLButtonElement>).evaluate((button) =>
    button.click(),
  );
}

/** Waits until the panel's run has ended (finished or cancelled), and returns its headline. */
export async function waitForRunEnd(page: Page, timeout = 80_000, session?: Session): Promise<string> {
  await waitForEndOrExplain(page, timeout, session);
  return page.evaluate(
    (host) =>
      document.querySelector(host)?.shadowRoot?.querySelector('[data-role="run-headline"]')?.textContent ??
      '',
    PANEL_HOST,
  );
}

/** On a timeout, says where the run stood, so a failure in CI can be understood from its log. */
async function waitForEndOrExplain(page: Page, timeout: number, session?: Session): Promise<void> {
  try {
    await waitForPanelRunEnd(page, timeout);
  } catch (error) {
    if (!session) throw error;
    const run = await storedRun(session).catch(() => null);
    const active = run?.steps.find((step) => step.status === 'active');
    const explanation = {
      url: page.url(),
      run: run && {
        status: run.status,
        pauseReason: run.pauseReason,
        active: active && { id: active.id, stage: active.stage },
      },
      lastActions: session.sim.actions().slice(-4),
      panel: await new PanelObject(page).text().catch(() => 'no panel'),
    };
    throw new Error(`The run did not end in ${timeout} ms: ${JSON.stringify(explanation)}`);
  }
}

async function waitForPanelRunEnd(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(
    (host) => {
      const run = document.querySelector(host)?.shadowRoot?.querySelector('[data-run-status]');
      return run && ['done', 'cancelled'].includes(run.getAttribute('data-run-status') ?? '');
    },
    { timeout, polling: 200 },
    PANEL_HOST,
  );
}

interface StoredRun {
  status: string;
  pauseReason: string | null;
  steps: Array<{
    id: string;
    tab: string;
    subTab: string;
    phase: string;
    status: string;
    stage: string;
    message: string | null;
    synced: string[];
    failed: Array<{ reference: string; reason: string; fix: string | null }>;
  }>;
}

type ChromeGlobal = {
  chrome: {
    storage: {
      local: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> };
    };
  };
};

/** The run as the background stored it (what survives reloads and a stopped worker). */
export async function storedRun(session: Session): Promise<StoredRun | null> {
  const value = await (await extensionWorker(session)).evaluate(async () => {
    const { chrome } = globalThis as unknown as ChromeGlobal;
    return (await chrome.storage.local.get('activeRun')).activeRun ?? null;
  });
  return value as StoredRun | null;
}

/** Shorter waits for fault tests, through the same stored setting a user's profile holds. */
export async function setTimeouts(
  session: Session,
  timeouts: { openMs: number; readyMs: number; uploadMs: number },
) {
  await (await extensionWorker(session)).evaluate(async (value) => {
    const { chrome } = globalThis as unknown as ChromeGlobal;
    await chrome.storage.local.set({ timeouts: value });
  }, timeouts);
}

/** Polls the stored run until the predicate holds. */
export async function waitForRun(
  session: Session,
  predicate: (run: StoredRun) => boolean,
  timeout = 60_000,
): Promise<StoredRun> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const run = await storedRun(session).catch(() => null);
    if (run && predicate(run)) return run;
    if (Date.now() > deadline)
      throw new Error(`The run never reached the expected state: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every reference the simulator received more than once for the same list. */
export function doubleUploads(sim: OmniSim): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const upload of sim.uploads()) {
    for (const ref of upload.refs) {
      const key = `${upload.subTab}/${ref}`;
      if (seen.has(key)) twice.push(key);
      seen.add(key);
    }
  }
  return twice;
}
