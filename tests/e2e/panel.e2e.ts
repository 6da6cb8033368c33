import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickDashboardTab,
  PanelObject,
  pressPanelButton,
  type Session,
  simPaths,
  startSession,
  waitForPanel,
} from './harness';
import { XERO_SUBTABS } from './run-checks';

describe.each([
  ['xero', 'inpage'],
  ['xero', 'postback'],
  ['qbo', 'inpage'],
  ['qbo', 'postback'],
] as const)('the panel on the %s dashboard (%s navigation)', (provider, navigation) => {
  let session: Session;
  let panel: PanelObject;
  beforeAll(async () => {
    session = await startSession({ provider, navigation });
    panel = new PanelObject(session.page);
  });
  afterAll(() => session?.close());

  it('appears on the dashboard naming the provider', async () => {
    await session.open(simPaths.dashboard);
    await panel.waitVisible();
    const name = provider === 'xero' ? 'Xero' : 'QuickBooks Online';
    expect(await panel.statusText()).toBe(`${name} V2 Accounting Dashboard found.`);
  });

  it('lists every sub-tab once each tab has been opened', async () => {
    await session.open(simPaths.dashboard);
    await panel.waitVisible();
    const tabs = Object.keys(await panel.subTabs());
    expect(tabs).toContain('Errors');
    for (const tab of tabs) {
      await clickDashboardTab(session.page, tab);
      await panel.waitForText(new RegExp(`${tab.replace('&', '\\&')} \\(open\\)`));
    }
    // The panel fills in other tabs from the background's memory, which follows a moment later.
    if (provider === 'xero') {
      await expect.poll(() => panel.subTabs()).toEqual(XERO_SUBTABS);
    } else {
      await expect
        .poll(async () => (await panel.subTabs()).Purchases)
        .toEqual(['Suppliers', 'Purchase Orders', 'Supplier Invoices', 'Supplier Credit Notes']);
      const listed = await panel.subTabs();
      expect(listed.Retail).toBeUndefined();
      expect(listed.Errors).toContain('Fees and payouts');
    }
    // Nothing was uploaded by looking.
    expect(session.sim.uploads()).toEqual([]);
    expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
  });
});

describe('other Omni pages', () => {
  let session: Session;
  beforeAll(async () => {
    session = await startSession({ provider: 'xero', navigation: 'postback' });
  });
  afterAll(() => session?.close());

  it.each([
    ['home', simPaths.home],
    ['sales orders', simPaths.otherPage],
    ['Settings → Connect', simPaths.connect],
    ['login', simPaths.login],
  ])('mounts nothing on the %s page', async (_name, path) => {
    await session.open(path);
    const panel = new PanelObject(session.page);
    // Give the content script the time it takes to mount on the dashboard, several times over.
    await session.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(await panel.isPresent()).toBe(false);
  });

  it('says plainly that a V1 dashboard is not supported', async () => {
    await session.open(simPaths.v1Dashboard);
    const panel = new PanelObject(session.page);
    await panel.waitVisible();
    expect(await panel.statusText()).toMatch(/V1 dashboards are not supported/);
  });

  it('gives a page outline to send with a bug report: structure and labels, never a row’s values', async () => {
    await session.open(simPaths.dashboard);
    const panel = new PanelObject(session.page);
    await panel.waitVisible();
    await pressPanelButton(session.page, 'Copy page outline');
    const text = await waitForPanel(
      session.page,
      { what: 'the page outline' },
      (root) => root.querySelector('[data-role="outline"]')?.textContent,
    );
    expect(text).toContain('Read as: dashboard (xero)');
    expect(text).toMatch(/First row of tabs: Sales \[open\]/);
    expect(text).toMatch(/<input type="submit"[^>]*> "Upload"/);
    // The rows on show, as the simulator holds them: none of their values is in the outline.
    const values = (session.sim.pending().Sales?.Customers ?? []).concat(
      session.sim.pending().Sales?.Invoices ?? [],
    );
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(text).not.toContain(value);
    expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
  });
});
