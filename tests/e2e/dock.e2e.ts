/**
 * The panel a bookkeeper lives with: docked beside the list (never over its columns), collapsed to a
 * pill and remembered; Preview (tab clicks only) and the one question before sending; after a run, the
 * tab is back on the sub-tab the user started on, and "Show in Omni" opens a failure's list.
 */
import type { Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clickDashboardTab,
  inPanel,
  PanelObject,
  pressPanelButton,
  type Session,
  simPaths,
  startSession,
  waitForPanel,
  waitForRunEnd,
} from './harness';

/** Clicks a second-row tab (sub-tab) of the simulated dashboard as a person would. */
async function clickSubTab(page: Page, label: string): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, {
    timeout: 10_000,
  });
  const handle = await page.evaluateHandle((wanted) => {
    const strips = Array.from(document.querySelectorAll('[role="tablist"], .RadTabStrip'));
    const items = Array.from(strips[1]?.querySelectorAll('[role="tab"], a.rtsLink') ?? []);
    const name = (item: Element) => (item.textContent ?? '').replace(/[\s(]*\d+\)?\s*$/, '').trim();
    return items.find((item) => name(item) === wanted) ?? null;
  }, label);
  const element = handle.asElement() as import('puppeteer-core').ElementHandle<Element> | null;
  if (!element) throw new Error(`No sub-tab "${label}"`);
  const postback = await element.evaluate((tab) => tab.matches('a.rtsLink'));
  if (postback) await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), element.click()]);
  else await element.click();
}

/** The sub-tab the panel marks open (it reads the page), once it is `label`. */
async function waitForOpenSubTab(page: Page, label: string, timeout = 15_000): Promise<void> {
  await waitForPanel(
    page,
    { what: `the "${label}" sub-tab to be open`, timeout },
    (root, wanted) =>
      root.querySelector('tr.oss-active[data-subtab]')?.getAttribute('data-subtab') === wanted,
    label,
  );
}

/** The list's column headers and the panel, as rectangles in the viewport. */
async function layout(page: Page) {
  const panel = await inPanel(page, (root) => {
    const rect = root.querySelector('section[aria-label="Omni Smart Sync"]')?.getBoundingClientRect();
    return rect ? { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom } : null;
  });
  const columns = await page.evaluate(() => {
    // The list: the table with the most body rows; its header cells are its columns.
    const tables = Array.from(document.querySelectorAll('table'));
    const list = tables.sort(
      (a, b) => b.querySelectorAll('tbody tr').length - a.querySelectorAll('tbody tr').length,
    )[0];
    const header = list?.querySelector('thead tr') ?? list?.querySelector('tr');
    return Array.from(header?.children ?? []).map((cell) => {
      const rect = cell.getBoundingClientRect();
      return { text: (cell.textContent ?? '').trim(), left: rect.left, right: rect.right, width: rect.width };
    });
  });
  const margin = await page.evaluate(() => getComputedStyle(document.documentElement).marginRight);
  return { panel, columns, margin };
}

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
});

describe.each([
  [1280, 720, 'inpage'],
  [1920, 1080, 'postback'],
] as const)('the docked panel at %i×%i (%s)', (width, height, navigation) => {
  it('narrows the page: no column of the list is under the panel; collapsed to a pill, and remembered', async () => {
    const session = await startSession({ provider: 'xero', navigation });
    sessions.push(session);
    await session.page.setViewport({ width, height });
    await session.open(simPaths.dashboard);
    const panel = new PanelObject(session.page);
    await panel.waitVisible();
    await clickSubTab(session.page, 'Invoices');
    await waitForOpenSubTab(session.page, 'Invoices');

    const docked = await layout(session.page);
    expect(docked.panel).not.toBeNull();
    expect(docked.panel!.right).toBeCloseTo(width, 0);
    expect(docked.panel!.bottom - docked.panel!.top).toBeCloseTo(height, 0);
    expect(docked.columns.length).toBeGreaterThan(3);
    for (const column of docked.columns) {
      expect(column.width, `column "${column.text}" shows`).toBeGreaterThan(0);
      expect(column.right, `column "${column.text}" ends before the panel`).toBeLessThanOrEqual(
        docked.panel!.left + 0.5,
      );
    }
    expect(parseFloat(docked.margin)).toBeCloseTo(width - docked.panel!.left, 0);

    await pressPanelButton(session.page, 'Hide');
    await waitForPanel(
      session.page,
      { what: 'the pill' },
      (root) => root.querySelector('[data-role="pill"]') !== null,
    );
    expect((await layout(session.page)).margin).toBe('0px');
    // Remembered: the next page shows the pill too.
    await session.open(simPaths.dashboard);
    await panel.waitVisible();
    await waitForPanel(session.page, { what: 'the pill after a reload' }, (root) =>
      root.querySelector('[data-role="pill"]')?.textContent?.includes('Omni Smart Sync'),
    );
    await pressPanelButton(session.page, 'Show Omni Smart Sync');
    await waitForPanel(
      session.page,
      { what: 'the drawer again' },
      (root) => root.querySelector('.oss-drawer') !== null,
    );
    expect(session.sim.uploads()).toEqual([]);
  });
});

describe('Preview, the question, and the way back', () => {
  it('Preview clicks tabs only and counts each list; Smart Sync All then asks with those counts', async () => {
    const session = await startSession({ provider: 'xero', navigation: 'inpage' });
    sessions.push(session);
    await session.open(simPaths.dashboard);
    await new PanelObject(session.page).waitVisible();
    const pending = session.sim.pending();
    await pressPanelButton(session.page, 'Preview');
    expect(await waitForRunEnd(session.page, 60_000, session)).toMatch(/^Preview finished/);
    expect(session.sim.uploads()).toEqual([]);
    expect(new Set(session.sim.actions().map((action) => action.control))).toEqual(new Set(['Tab']));

    const counted = await inPanel(session.page, (root) =>
      Array.from(root.querySelectorAll('[data-preview-list]')).map((row) => ({
        list: row.getAttribute('data-preview-list') ?? '',
        items: Number(row.querySelector('td:last-child')?.textContent),
      })),
    );
    expect(counted!.length).toBeGreaterThan(5);
    for (const { list, items } of counted!) {
      const [tab = '', subTab = ''] = list.split(' → ');
      expect(items, list).toBe(pending[tab]?.[subTab]?.length);
    }
    const items = counted!.reduce((sum, list) => sum + list.items, 0);

    await pressPanelButton(session.page, 'Smart Sync All');
    const question = await waitForPanel(
      session.page,
      { what: 'the question' },
      (root) => root.querySelector('[data-role="question"]')?.textContent,
    );
    expect(question).toBe(`Send ${items} items on ${counted!.length} lists to Xero?`);
    await pressPanelButton(session.page, 'Not now');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(session.sim.uploads()).toEqual([]);
  });

  it('after Smart Sync All the tab is back on the sub-tab it started on; Show in Omni opens a failure’s list', async () => {
    const session = await startSession({ provider: 'xero', navigation: 'postback' });
    sessions.push(session);
    await session.open(simPaths.dashboard);
    const panel = new PanelObject(session.page);
    await panel.waitVisible();
    await clickDashboardTab(session.page, 'Purchases');
    await clickSubTab(session.page, 'Landed Costs');
    await waitForOpenSubTab(session.page, 'Landed Costs');
    await pressPanelButton(session.page, 'Smart Sync All');
    await pressPanelButton(session.page, 'Send');
    await waitForRunEnd(session.page, 80_000, session);
    await waitForOpenSubTab(session.page, 'Landed Costs');
    await panel.waitForText(/Purchases \(open\)/);

    // A failure's list, opened from the report (tab clicks only).
    const target = await waitForPanel(session.page, { what: 'a Show in Omni button' }, (root) =>
      Array.from(root.querySelectorAll('button'))
        .map((button) => button.getAttribute('aria-label') ?? '')
        .find((label) => /^Show Sales → .+ in Omni$/.test(label)),
    );
    const subTab = target.replace(/^Show Sales → (.+) in Omni$/, '$1');
    const before = session.sim.actions().length;
    await pressPanelButton(session.page, target);
    await waitForOpenSubTab(session.page, subTab);
    await panel.waitForText(/Sales \(open\)/);
    expect(
      session.sim
        .actions()
        .slice(before)
        .every((action) => action.control === 'Tab'),
    ).toBe(true);
  });
});
