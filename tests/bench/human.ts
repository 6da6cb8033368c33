/**
 * The benchmark's baseline: a scripted, instant human doing the same clicks Smart Sync All does, on the
 * same simulator, in a browser without the extension. Zero think time; every wait is on the page itself.
 * It knows the simulator's markup (a test's privilege) and follows the same order as the planner.
 */
import type { ElementHandle, Page } from 'puppeteer-core';

const ORDER: Array<{ tab: string; subTab: string; kind: 'upload' | 'upload-all' | 'cogs' | 'read' }> = [
  { tab: 'Sales', subTab: 'Customers', kind: 'upload' },
  { tab: 'Purchases', subTab: 'Suppliers', kind: 'upload' },
  { tab: 'Sales', subTab: 'Invoices', kind: 'upload-all' },
  { tab: 'Sales', subTab: 'Credit Notes', kind: 'upload-all' },
  { tab: 'Sales', subTab: 'Payments', kind: 'upload' },
  { tab: 'Purchases', subTab: 'Purchase Orders', kind: 'upload-all' },
  { tab: 'Purchases', subTab: 'Supplier Invoices', kind: 'upload-all' },
  { tab: 'Purchases', subTab: 'Supplier Credit Notes', kind: 'upload-all' },
  { tab: 'Purchases', subTab: 'Landed Costs', kind: 'upload' },
  { tab: 'Adjustments & COGS', subTab: 'Adjustments', kind: 'upload-all' },
  { tab: 'Adjustments & COGS', subTab: 'COGS', kind: 'cogs' },
  { tab: 'Retail', subTab: 'Gift Vouchers', kind: 'upload-all' },
  { tab: 'Retail', subTab: 'Store Credits', kind: 'upload-all' },
  { tab: 'Sales', subTab: 'Payments', kind: 'upload' },
  { tab: 'Errors', subTab: 'Invoices', kind: 'read' },
  { tab: 'Errors', subTab: 'Credit Notes', kind: 'read' },
  { tab: 'Errors', subTab: 'Supplier Invoices', kind: 'read' },
  { tab: 'Errors', subTab: 'Adjustments', kind: 'read' },
  { tab: 'Errors', subTab: 'Fees and payouts', kind: 'read' },
  { tab: 'Discrepancies', subTab: 'Sales Order Discrepancies', kind: 'read' },
  { tab: 'Discrepancies', subTab: 'Purchase Order Discrepancies', kind: 'read' },
];

export interface HumanResult {
  clicks: number;
  pageLoads: number;
}

/** Clicks an element found in the page; waits for the page load a postback click causes. */
async function press(
  page: Page,
  postback: boolean,
  find: () => Element | null | undefined,
): Promise<boolean> {
  const handle = (await page.evaluateHandle(find)).asElement() as ElementHandle<Element> | null;
  if (!handle) return false;
  if (postback) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), handle.click()]);
  } else {
    await handle.click();
    await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, {
      polling: 'mutation',
    });
  }
  return true;
}

const tabLabel = (element: Element) => (element.textContent ?? '').replace(/\s*(\(\d+\)|\d+)\s*$/, '').trim();

export async function humanSyncAll(page: Page, postback: boolean): Promise<HumanResult> {
  let clicks = 0;
  let pageLoads = 0;
  const counted = async (find: () => Element | null | undefined) => {
    if (await press(page, postback, find)) {
      clicks += 1;
      if (postback) pageLoads += 1;
      return true;
    }
    return false;
  };
  for (const step of ORDER) {
    const strips = await page.$$eval('[role="tablist"], .RadTabStrip', (lists) =>
      lists.map((list) =>
        Array.from(list.querySelectorAll('[role="tab"], a.rtsLink')).map((tab) => ({
          label: (tab.textContent ?? '').replace(/\s*(\(\d+\)|\d+)\s*$/, '').trim(),
          selected: tab.getAttribute('aria-selected') === 'true' || tab.classList.contains('rtsSelected'),
        })),
      ),
    );
    const [tabs = [], subTabs = []] = strips;
    if (!tabs.some((tab) => tab.label === step.tab)) continue;
    if (!tabs.find((tab) => tab.label === step.tab)?.selected) {
      await counted(() =>
        Array.from(
          document
            .querySelector('[role="tablist"], .RadTabStrip')
            ?.querySelectorAll('[role="tab"], a.rtsLink') ?? [],
        ).find((tab) => tabLabel(tab) === step.tab),
      );
    }
    const current = await page.$$eval('[role="tablist"], .RadTabStrip', (lists) =>
      Array.from(lists[1]?.querySelectorAll('[role="tab"], a.rtsLink') ?? []).map((tab) => ({
        label: (tab.textContent ?? '').replace(/\s*(\(\d+\)|\d+)\s*$/, '').trim(),
        selected: tab.getAttribute('aria-selected') === 'true' || tab.classList.contains('rtsSelected'),
      })),
    );
    void subTabs;
    if (!current.some((sub) => sub.label === step.subTab)) continue;
    if (!current.find((sub) => sub.label === step.subTab)?.selected) {
      await counted(() =>
        Array.from(
          document
            .querySelectorAll('[role="tablist"], .RadTabStrip')[1]
            ?.querySelectorAll('[role="tab"], a.rtsLink') ?? [],
        ).find((tab) => tabLabel(tab) === step.subTab),
      );
    }
    if (step.kind === 'read') continue;
    const rows = await page.$$eval('table tbody tr input[type="checkbox"]', (boxes) => boxes.length);
    if (rows === 0) continue;
    const button = (label: string) => () =>
      Array.from(document.querySelectorAll('button, input[type="submit"], input[type="button"]')).find(
        (element) =>
          (element instanceof HTMLInputElement ? element.value : element.textContent)?.trim() === label,
      );
    if (step.kind === 'cogs') {
      await counted(button('Refresh Data'));
      await counted(button('Update All'));
      continue;
    }
    // The header checkbox: in-page it ticks rows at once; on postback it ticks them client-side too.
    await page.$eval('table thead input[type="checkbox"]', (box) => (box as HTMLInputElement).click());
    clicks += 1;
    await counted(button(step.kind === 'upload' ? 'Upload' : 'Upload All'));
  }
  return { clicks, pageLoads };
}
