/**
 * The benchmark's baseline: a scripted, instant human doing the same clicks Smart Sync All does, on the
 * same simulator, in a browser without the extension. Zero think time; every wait is on the page itself.
 * It knows the simulator's markup (a test's privilege) and follows the same order as the planner.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { KNOWN_TABS, type SubTabKind } from '../../lib/omni/labels';
import { planRun } from '../../lib/sync/planner';

type HumanKind = 'upload' | 'upload-all' | 'cogs' | 'read';
const HUMAN_KIND: Record<SubTabKind, HumanKind> = {
  contacts: 'upload',
  'upload-ticked': 'upload',
  transactions: 'upload-all',
  cogs: 'cogs',
  'read-only': 'read',
};

/** The planner's order over every documented tab (sub-tabs a dashboard lacks are passed over). */
const ORDER = planRun(
  KNOWN_TABS.map((tab) => ({ label: tab.label, subTabs: null })),
  null,
).map((step) => ({ tab: step.tab, subTab: step.subTab, kind: HUMAN_KIND[step.kind] }));

export interface HumanResult {
  clicks: number;
  pageLoads: number;
}

// Page-side code as strings: tsx would wrap nested functions in a helper the page does not have.
const STRIP_ITEMS = (index: number) =>
  `Array.from(document.querySelectorAll('[role="tablist"], .RadTabStrip')[${index}]?.querySelectorAll('[role="tab"], a.rtsLink') ?? [])`;
const LABEL = `(el) => (el.textContent ?? '').replace(/\\s*(\\(\\d+\\)|\\d+)\\s*$/, '').trim()`;
const SELECTED = `(el) => el.getAttribute('aria-selected') === 'true' || el.classList.contains('rtsSelected')`;

const stripState = (index: number) =>
  `${STRIP_ITEMS(index)}.map((el) => ({ label: (${LABEL})(el), selected: (${SELECTED})(el) }))`;
const stripItem = (index: number, label: string) =>
  `${STRIP_ITEMS(index)}.find((el) => (${LABEL})(el) === ${JSON.stringify(label)})`;
const button = (label: string) =>
  `Array.from(document.querySelectorAll('button, input[type="submit"], input[type="button"]')).find((el) => ((el.tagName === 'INPUT' ? el.value : el.textContent) ?? '').trim() === ${JSON.stringify(label)})`;

export async function humanSyncAll(page: Page, postback: boolean): Promise<HumanResult> {
  let clicks = 0;
  let pageLoads = 0;
  /** Clicks what the expression finds; waits for the page load (postback) or the overlay to go (in-page). */
  const press = async (expression: string) => {
    const handle = (await page.evaluateHandle(expression)).asElement() as ElementHandle<Element> | null;
    if (!handle) return false;
    if (postback) {
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), handle.click()]);
      pageLoads += 1;
    } else {
      await handle.click();
      await page.waitForFunction('document.querySelector(\'[aria-busy="true"]\') === null', {
        polling: 'mutation',
      });
    }
    clicks += 1;
    return true;
  };
  for (const step of ORDER) {
    const tabs = (await page.evaluate(stripState(0))) as Array<{ label: string; selected: boolean }>;
    const tab = tabs.find((candidate) => candidate.label === step.tab);
    if (!tab) continue;
    if (!tab.selected) await press(stripItem(0, step.tab));
    const subTabs = (await page.evaluate(stripState(1))) as Array<{ label: string; selected: boolean }>;
    const subTab = subTabs.find((candidate) => candidate.label === step.subTab);
    if (!subTab) continue;
    if (!subTab.selected) await press(stripItem(1, step.subTab));
    if (step.kind === 'read') continue;
    const rows = (await page.evaluate(
      `document.querySelectorAll('table tbody tr input[type="checkbox"]').length`,
    )) as number;
    if (rows === 0) continue;
    if (step.kind === 'cogs') {
      await press(button('Refresh Data'));
      await press(button('Update All'));
      continue;
    }
    // The header checkbox ticks every row without a round trip, in both renderings.
    await page.evaluate(`document.querySelector('table thead input[type="checkbox"]').click()`);
    clicks += 1;
    await press(button(step.kind === 'upload' ? 'Upload' : 'Upload All'));
  }
  return { clicks, pageLoads };
}
