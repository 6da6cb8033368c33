/**
 * Real-browser harness: Debian Chromium driven by puppeteer-core, loading the production build in
 * .output/chrome-mv3, with the Omni simulator answering as https://go.cin7.com.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type CDPSession, type Page, type WebWorker } from 'puppeteer-core';
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
  /** `userDataDir`: a profile to (re)use, which the caller removes; otherwise a fresh one, removed by cleanup. */
  options: { headless?: boolean; userDataDir?: string } = {},
): Promise<{ browser: Browser; extensionId: string; worker: WebWorker; cleanup: () => void }> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No extension build in ${EXTENSION_DIR}: run "npx wxt build" first.`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium.`);
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'oss-chromium-'));
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
    cleanup: () => {
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A browser with the extension on the simulator. `sim`: an Omni simulator to keep (a browser restarted
 * on the same Omni); `userDataDir`: a profile to keep across browsers (the caller removes it).
 */
export async function startSession(
  settings: Partial<SimSettings> = {},
  options: { sim?: OmniSim; userDataDir?: string } = {},
): Promise<Session> {
  const sim = options.sim ?? (await startOmniSim({ settings }));
  const { browser, extensionId, worker, cleanup } = await launchWithExtension(sim.port, {
    userDataDir: options.userDataDir,
  });
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
      if (!options.sim) await sim.close();
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One DevTools session per page, and one panel reading at a time on it (each reading renumbers nodes). */
const panelChannels = new WeakMap<Page, { client: Promise<CDPSession>; queue: Promise<unknown> }>();

/**
 * Runs `fn` on the panel's shadow root and returns its (JSON) result, or null when there is no panel.
 * The root is closed to the page's scripts; a test reaches it as the browser's developer tools do,
 * through the DevTools protocol.
 */
export function inPanel<T, A extends unknown[]>(
  page: Page,
  fn: (root: ShadowRoot, ...args: A) => T,
  ...args: A
): Promise<Awaited<T> | null> {
  return inPanelAttempt(page, fn, args, 0);
}

/** What DevTools answers when the document it was asked about was replaced meanwhile. */
const PAGE_WENT_AWAY =
  /Could not find node with given id|does not belong to the document|No node with given id|Cannot find context|Execution context was destroyed|Cannot find default execution context/;

function inPanelAttempt<T, A extends unknown[]>(
  page: Page,
  fn: (root: ShadowRoot, ...args: A) => T,
  args: A,
  attempt: number,
): Promise<Awaited<T> | null> {
  let channel = panelChannels.get(page);
  if (!channel) {
    channel = { client: page.createCDPSession(), queue: Promise.resolve() };
    panelChannels.set(page, channel);
  }
  const { client } = channel;
  const reading = channel.queue.then(async (): Promise<Awaited<T> | null> => {
    const cdp = await client;
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: PANEL_HOST });
    if (!nodeId) return null;
    const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 1, pierce: true });
    const shadow = node.shadowRoots?.[0];
    if (!shadow) return null;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    if (!object.objectId) return null;
    try {
      const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        // `__name`: what a bundler's keep-names transform may leave in the function's source.
        functionDeclaration: `function (...args) { const __name = (f) => f; return (${fn.toString()})(this, ...args); }`,
        arguments: args.map((value) => ({ value })),
        returnByValue: true,
        awaitPromise: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value as Awaited<T>;
    } finally {
      await cdp.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => undefined);
    }
  });
  channel.queue = reading.catch(() => undefined);
  return reading.catch(async (error: unknown): Promise<Awaited<T> | null> => {
    // The page went away under the reading (a postback page load): read the page that follows.
    if (attempt < 30 && error instanceof Error && PAGE_WENT_AWAY.test(error.message)) {
      await sleep(100);
      return inPanelAttempt(page, fn, args, attempt + 1);
    }
    throw error;
  });
}

/** Polls `fn` on the panel until it answers something truthy (a page load in between is waited out). */
export async function waitForPanel<T, A extends unknown[]>(
  page: Page,
  options: { timeout?: number; polling?: number; what: string },
  fn: (root: ShadowRoot, ...args: A) => T,
  ...args: A
): Promise<NonNullable<Awaited<T>>> {
  const deadline = Date.now() + (options.timeout ?? 10_000);
  let lastError: unknown = null;
  for (;;) {
    const value = await inPanel(page, fn, ...args).catch((error) => {
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

/** The injected panel, read through its (closed) shadow root as a person reads it. */
export class PanelObject {
  constructor(private readonly page: Page) {}

  async waitVisible(timeout = 10_000): Promise<void> {
    await waitForPanel(this.page, { timeout, polling: 50, what: 'the panel showing' }, (root) => {
      const panel = root.querySelector<HTMLElement>('section[aria-label="Omni Smart Sync"]');
      return panel !== null && panel.offsetHeight > 0;
    });
  }

  async isPresent(): Promise<boolean> {
    return this.page.evaluate((host) => document.querySelector(host) !== null, PANEL_HOST);
  }

  /** The panel's status sentence ("Xero V2 Accounting Dashboard found."). */
  async statusText(): Promise<string> {
    return (
      (await inPanel(this.page, (root) => root.querySelector('[role="status"]')?.textContent ?? '')) ?? ''
    );
  }

  async text(): Promise<string> {
    return (await inPanel(this.page, (root) => root.querySelector('section')?.textContent ?? '')) ?? '';
  }

  /** Tab label → the sub-tab labels the panel lists under it. */
  async subTabs(): Promise<Record<string, string[]>> {
    const found = await inPanel(this.page, (root) => {
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

  /** Waits until the panel's text satisfies the pattern (it follows in-page re-renders). */
  async waitForText(pattern: RegExp, timeout = 10_000): Promise<void> {
    await waitForPanel(
      this.page,
      { timeout, what: `text matching ${pattern}` },
      (root, source, flags) =>
        new RegExp(source, flags).test(root.querySelector('section')?.textContent ?? ''),
      pattern.source,
      pattern.flags,
    );
  }
}

/** The popup page, opened as the toolbar popup for the tab under test. */
export class PopupObject {
  private constructor(readonly page: Page) {}

  static async open(session: Session): Promise<PopupObject> {
    // One popup at a time, as in a browser: an earlier one (of an earlier test) is closed first.
    for (const target of session.browser.targets()) {
      if (target.url().endsWith('/popup.html')) await (await target.asPage()).close().catch(() => undefined);
    }
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

/**
 * Presses a button of the panel by its accessible name, as a person would: a real (trusted) mouse click
 * at the button, once it has stayed put for a moment (the panel grows as its status arrives).
 */
export async function pressPanelButton(page: Page, name: string): Promise<void> {
  const where = () =>
    inPanel(
      page,
      (root, wanted) => {
        const button = Array.from(root.querySelectorAll('button')).find(
          (candidate) =>
            (candidate.getAttribute('aria-label') ?? candidate.textContent ?? '').trim() === wanted &&
            !candidate.disabled,
        );
        if (!button) return null;
        button.scrollIntoView({ block: 'center' });
        const box = button.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        const hit = root.elementFromPoint(x, y);
        return hit && button.contains(hit) ? { x, y } : null;
      },
      name,
    ).catch(() => null);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const first = await where();
    if (first) {
      await sleep(50);
      const second = await where();
      if (second && second.x === first.x && second.y === first.y) {
        await page.mouse.click(second.x, second.y);
        return;
      }
    }
    if (Date.now() > deadline) throw new Error(`No panel button "${name}" to press`);
    await sleep(100);
  }
}

/** Starts Smart Sync All as a person does: its button, then "Send" on the one question it asks. */
export async function startSmartSyncAll(page: Page): Promise<void> {
  await pressPanelButton(page, 'Smart Sync All');
  await pressPanelButton(page, 'Send');
}

/**
 * After a run, the owning tab clicks its way back to the sub-tab the run started on (across page loads
 * on a postback dashboard): waits until it is there, so what a test reads next is the page that stays.
 */
async function waitForWayBack(page: Page, session?: Session): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (session && Date.now() < deadline) {
    const run = (await storedRun(session).catch(() => null)) as
      | (StoredRun & { returnTo?: unknown; returned?: boolean })
      | null;
    if (!run?.returnTo || run.returned || !['done', 'cancelled'].includes(run.status)) break;
    await sleep(100);
  }
  for (let quiet = 0; quiet < 3 && Date.now() < deadline; ) {
    const going = await page
      .evaluate(
        () => document.readyState !== 'complete' || sessionStorage.getItem('omni-smart-sync:goto') !== null,
      )
      .catch(() => true);
    quiet = going ? 0 : quiet + 1;
    await sleep(100);
  }
}

/**
 * Waits until the panel's run has ended (finished, cancelled or interrupted), and returns its headline.
 * `wayBack` false: returns as soon as the report shows, while the tab may still be going back.
 */
export async function waitForRunEnd(
  page: Page,
  timeout = 80_000,
  session?: Session,
  options: { wayBack?: boolean } = {},
): Promise<string> {
  await waitForEndOrExplain(page, timeout, session);
  if (options.wayBack !== false) {
    await waitForWayBack(page, session);
    await waitForPanelRunEnd(page, 10_000);
  }
  return (
    (await inPanel(page, (root) => root.querySelector('[data-role="run-headline"]')?.textContent ?? '')) ?? ''
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
  await waitForPanel(page, { timeout, polling: 200, what: 'the run ending' }, (root) =>
    ['done', 'cancelled', 'interrupted'].includes(
      root.querySelector('[data-run-status]')?.getAttribute('data-run-status') ?? '',
    ),
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
    submitted: string[];
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
