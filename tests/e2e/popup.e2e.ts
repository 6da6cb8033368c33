/**
 * The toolbar popup and badge, as a person meets them: status lights with their next steps, the one
 * question before Smart Sync All, the last run (a preview says what it would send), the badge on the
 * dashboard's tab before, during and after a run, and the notification when the run's tab is behind.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  extensionWorker,
  PanelObject,
  PopupObject,
  pressPanelButton,
  type Session,
  simPaths,
  startSession,
  storedRun,
  waitForPanel,
  waitForRun,
} from './harness';

type Chrome = {
  chrome: {
    action: {
      getBadgeText(details: { tabId: number }): Promise<string>;
      getBadgeBackgroundColor(details: { tabId: number }): Promise<number[]>;
      openPopup(): Promise<void>;
    };
    notifications: { getAll(): Promise<Record<string, boolean>> };
    storage: { session: { get(key: string): Promise<Record<string, unknown>> } };
    tabs: { query(info: object): Promise<Array<{ id?: number }>> };
  };
};

/** The toolbar badge of a tab, as the browser shows it. */
async function badge(session: Session, tabId: number): Promise<{ text: string; color: number[] }> {
  return (await extensionWorker(session)).evaluate(async (id) => {
    const { chrome } = globalThis as unknown as Chrome;
    return {
      text: await chrome.action.getBadgeText({ tabId: id }),
      color: await chrome.action.getBadgeBackgroundColor({ tabId: id }),
    };
  }, tabId);
}

/** The id of the tab showing the dashboard, once the background has recorded it. */
async function dashboardTabId(session: Session): Promise<number> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const pages = await (await extensionWorker(session)).evaluate(async () => {
      const { chrome } = globalThis as unknown as Chrome;
      return ((await chrome.storage.session.get('pages')).pages ?? {}) as Record<string, { kind: string }>;
    });
    const id = Object.entries(pages).find(([, page]) => page.kind === 'dashboard')?.[0];
    if (id !== undefined) return Number(id);
    if (Date.now() > deadline) throw new Error(`No dashboard tab recorded: ${JSON.stringify(pages)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The popup as opened from the toolbar while `front` is the tab in front. */
async function openPopupOver(session: Session, front: Page): Promise<PopupObject> {
  if (front === session.page) return PopupObject.open(session);
  for (const target of session.browser.targets())
    if (target.url().endsWith('/popup.html')) await (await target.asPage()).close().catch(() => undefined);
  await front.bringToFront();
  const opened = session.browser.waitForTarget((target) => target.url().endsWith('/popup.html'));
  await (await extensionWorker(session)).evaluate(() =>
    (globalThis as unknown as Chrome).chrome.action.openPopup(),
  );
  const page = await (await opened).asPage();
  await page.waitForSelector('[data-field="dashboard"]');
  return Object.assign(Object.create(PopupObject.prototype), { page }) as PopupObject;
}

/** A light of the popup: its state, the word it says, its sentence and its next step. */
function light(popup: PopupObject, id: string) {
  return popup.page.$eval(`[data-light="${id}"]`, (row) => ({
    state: row.getAttribute('data-state'),
    word: row.querySelector('[data-role="light"]')?.textContent ?? '',
    next: row.querySelector('.oss-next')?.textContent ?? null,
  }));
}

async function press(popup: PopupObject, name: string): Promise<void> {
  const control = await popup.page.waitForSelector(`::-p-aria([name="${name}"])`, { timeout: 5000 });
  await control!.click();
}

describe('the popup and the badge (Xero, in-page navigation)', () => {
  let session: Session;
  beforeAll(async () => {
    session = await startSession({ provider: 'xero', navigation: 'inpage' });
  });
  afterAll(() => session?.close());

  it('lights each status with a word, and gives one next step for each that is not green', async () => {
    await session.open(simPaths.connect);
    // The Connect page is read and recorded before the user moves on.
    await expect
      .poll(
        async () =>
          (await extensionWorker(session)).evaluate(async () => {
            const { chrome } = globalThis as unknown as {
              chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
            };
            return Boolean((await chrome.storage.local.get('omniConnection')).omniConnection);
          }),
        { timeout: 10_000 },
      )
      .toBe(true);
    await session.open(simPaths.dashboard);
    await new PanelObject(session.page).waitVisible();
    const popup = await PopupObject.open(session);
    expect(await light(popup, 'tab')).toEqual({ state: 'green', word: 'OK', next: null });
    expect(await popup.field('provider')).toBe('Xero');
    expect(await light(popup, 'omni')).toEqual({ state: 'green', word: 'OK', next: null });
    // No proxy set up: the checks are off, and Options is where to pair it.
    expect(await popup.field('proxy')).toMatch(/Ledger checks are off/);
    expect(await light(popup, 'proxy')).toEqual({
      state: 'amber',
      word: 'Attention',
      next: 'Pair the proxy',
    });
    expect((await light(popup, 'ledger')).state).toBe('amber');
    const options = session.browser.waitForTarget((target) => target.url().endsWith('/options.html'), {
      timeout: 5000,
    });
    await press(popup, 'Pair the proxy');
    await (await (await options).asPage()).close();
  });

  it('shows the dashboard’s pending items on its tab’s badge; Open dashboard brings that tab back', async () => {
    await session.open(simPaths.dashboard);
    await new PanelObject(session.page).waitVisible();
    const tabId = await dashboardTabId(session);
    const sales = session.sim.pending().Sales ?? {};
    const shown = Object.values(sales).reduce((sum, refs) => sum + refs.length, 0);
    // Sales is open; the other tabs show no counts, so the badge says "at least".
    // The badge follows the page within a quarter of a second.
    await expect
      .poll(() => badge(session, tabId), { timeout: 5000 })
      .toEqual({ text: `${shown}+`, color: [71, 85, 105, 255] });

    const other = await session.browser.newPage();
    const popup = await openPopupOver(session, other);
    expect(await light(popup, 'tab')).toMatchObject({ state: 'amber', next: 'Open dashboard' });
    await press(popup, 'Open dashboard');
    expect(await frontTab(session, tabId)).toBe(tabId);
    await other.close();
  });

  it('after a preview, says what it would send; Smart Sync All asks first, with those counts', async () => {
    await pressPanelButton(session.page, 'Preview');
    await waitForPanel(session.page, { timeout: 30_000, what: 'the preview ending' }, (root) =>
      ['done'].includes(root.querySelector('[data-run-status]')?.getAttribute('data-run-status') ?? ''),
    );
    let popup = await PopupObject.open(session);
    const line = await popup.field('last-run');
    const [, items, lists] = /Preview: (\d+) items? on (\d+) lists? would be sent\.$/.exec(line) ?? [];
    expect(line, line).toMatch(/Preview: \d+ items? on \d+ lists? would be sent\.$/);
    expect(Number(items)).toBeGreaterThan(0);
    expect(session.sim.uploads()).toEqual([]);

    await press(popup, 'Smart Sync All');
    expect(await popup.field('question')).toBe(`Send ${items} items on ${lists} lists to Xero?`);
    await press(popup, 'Not now');
    expect(await popup.page.$('[data-field="question"]')).toBeNull();
    expect((await storedRun(session))?.status).toBe('done');

    await press(popup, 'Smart Sync All');
    // Slow uploads, until the run's tab has gone behind another.
    session.sim.configure({ uploadLatencyMs: 1500 });
    await press(popup, 'Send');
    await popup.page.waitForSelector('::-p-text(Smart Sync All started)');
    const tabId = await dashboardTabId(session);
    // During the run, its progress; the run's tab then goes behind another.
    const during = await waitForBadge(session, tabId, (text) => /^\d+\/\d+$|^\d+%$/.test(text));
    expect(during.color).toEqual([29, 78, 216, 255]);
    const other = await session.browser.newPage();
    await other.bringToFront();
    session.sim.configure({ uploadLatencyMs: 0 });
    const run = (await waitForRun(session, (stored) => stored.status === 'done', 80_000)) as Awaited<
      ReturnType<typeof waitForRun>
    > & { id: string };
    const failed = run.steps.filter((step) => step.phase !== 'report').flatMap((step) => step.failed);
    expect(failed.length).toBeGreaterThan(0);
    // Afterwards, a red count of what needs attention: the failures, and what else the report lists.
    const after = await waitForBadge(session, tabId, (text) => !text.includes('/') && !text.includes('%'));
    expect(after.color).toEqual([198, 40, 40, 255]);
    expect(Number(after.text)).toBeGreaterThanOrEqual(failed.length);
    // The run's tab was behind: a notification tells how it went.
    const notifications = await (await extensionWorker(session)).evaluate(() =>
      (globalThis as unknown as Chrome).chrome.notifications.getAll(),
    );
    expect(Object.keys(notifications)).toContain(`run:${run.id}`);

    await session.page.bringToFront();
    await other.close();
    popup = await PopupObject.open(session);
    expect(await popup.field('last-run')).toMatch(
      /: finished, \d+ synced · \d+ need attention · \d+ not checked\. Not verified in the ledger\.$/,
    );
    expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
  });
});

/** The tab in front of the last focused window, once it is `wanted` (or after 5 s, whichever it is). */
async function frontTab(session: Session, wanted: number): Promise<number | undefined> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const [front] = await (await extensionWorker(session)).evaluate(() =>
      (globalThis as unknown as Chrome).chrome.tabs.query({ active: true, lastFocusedWindow: true }),
    );
    if (front?.id === wanted || Date.now() > deadline) return front?.id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForBadge(session: Session, tabId: number, wanted: (text: string) => boolean) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const shown = await badge(session, tabId);
    if (wanted(shown.text)) return shown;
    if (Date.now() > deadline) throw new Error(`The badge stayed "${shown.text}"`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
