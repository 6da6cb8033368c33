/**
 * The Firefox build in Firefox ESR: the panel, and one whole Smart Sync All started by a real press of
 * the panel's button, on the simulator with full page loads (WebForms postback links, which only the
 * main-world content script can follow). One browser for the file: Firefox takes seconds to start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FirefoxPanel,
  type FirefoxSession,
  pressFirefoxPanelButton,
  startFirefoxSession,
} from './firefox-harness';
import { clickDashboardTab, doubleUploads, simPaths } from './harness';

const CONTACT_LISTS = ['Customers', 'Suppliers'];

const XERO_SUBTABS = {
  Sales: ['Customers', 'Invoices', 'Credit Notes', 'Payments'],
  Purchases: ['Suppliers', 'Supplier Invoices', 'Supplier Credit Notes', 'Landed Costs'],
  'Adjustments & COGS': ['Adjustments', 'COGS'],
  Retail: ['Gift Vouchers', 'Store Credits'],
  Admin: ['Tax Rates', 'Chart of Accounts'],
  Errors: ['Invoices', 'Credit Notes', 'Supplier Invoices', 'Adjustments'],
  Discrepancies: ['Sales Order Discrepancies', 'Purchase Order Discrepancies'],
};

describe('Firefox ESR with the Firefox build (xero, postback navigation)', () => {
  let session: FirefoxSession;
  let panel: FirefoxPanel;
  beforeAll(async () => {
    session = await startFirefoxSession({ provider: 'xero', navigation: 'postback' });
    panel = new FirefoxPanel(session.page);
  });
  afterAll(() => session?.close());

  it('installs the add-on under its gecko id and mounts nothing on other Omni pages', async () => {
    expect(session.addonId).toBe('omni-smart-sync@omni-smart-sync');
    await session.open(simPaths.home);
    await session.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(await panel.isPresent()).toBe(false);
  });

  it('shows the panel on the dashboard, naming the provider and every sub-tab once opened', async () => {
    await session.open(simPaths.dashboard);
    await panel.waitVisible();
    expect(await panel.statusText()).toBe('Xero V2 Accounting Dashboard found.');
    for (const tab of Object.keys(await panel.subTabs())) {
      await clickDashboardTab(session.page, tab);
      await panel.waitForText(new RegExp(`${tab.replace('&', '\\&')} \\(open\\)`));
    }
    await expect.poll(() => panel.subTabs()).toEqual(XERO_SUBTABS);
    // Nothing was uploaded by looking.
    expect(session.sim.uploads()).toEqual([]);
    expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
  });

  it('runs Smart Sync All from the panel’s button: each item uploaded once, the report in the panel', async () => {
    await session.open(simPaths.dashboard);
    await panel.waitVisible();
    const paymentsBefore = session.sim.pending().Sales?.Payments ?? [];
    // As a person starts it: the button, then "Send" on the one question it asks.
    await pressFirefoxPanelButton(session.page, 'Smart Sync All');
    await pressFirefoxPanelButton(session.page, 'Send');
    const headline = await panel.waitForRunEnd(session.sim);
    expect(headline).toMatch(
      /^Smart Sync All finished: \d+ synced · \d+ need attention · \d+ not checked\.$/,
    );

    const uploads = session.sim.uploads();
    // Contacts first, nothing twice, nothing outside the allowed clicks.
    expect(uploads.slice(0, 2).map((upload) => upload.subTab)).toEqual(CONTACT_LISTS);
    const firstTransaction = uploads.findIndex((upload) => !CONTACT_LISTS.includes(upload.subTab));
    const lastContact = uploads.map((upload) => CONTACT_LISTS.includes(upload.subTab)).lastIndexOf(true);
    expect(lastContact).toBeLessThan(firstTransaction);
    expect(doubleUploads(session.sim)).toEqual([]);
    expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
    // Payments that appeared once their invoices synced were synced in the same run.
    const paymentsUploaded = uploads.filter((u) => u.subTab === 'Payments').flatMap((u) => u.refs);
    expect(paymentsUploaded.length).toBeGreaterThan(paymentsBefore.length);
    expect(session.sim.pending().Sales?.Payments).toEqual([]);
    // Everything not broken on purpose has left its list; each broken item is in the panel's report
    // with Omni's reason and the documented fix.
    const failures = uploads.flatMap((u) =>
      u.results.filter((r) => !r.ok).map((r) => ({ ...r, subTab: u.subTab })),
    );
    expect(failures.filter((failure) => /not linked/i.test(failure.error ?? ''))).toEqual([]);
    const stillPending = Object.entries(session.sim.pending())
      .filter(([tab]) => !['Admin', 'Errors', 'Discrepancies'].includes(tab))
      .flatMap(([, lists]) => Object.values(lists).flat());
    expect(stillPending.sort()).toEqual(
      failures
        .filter(
          (failure) =>
            !['Invoices', 'Credit Notes', 'Supplier Invoices', 'Adjustments'].includes(failure.subTab),
        )
        .map((failure) => failure.ref)
        .sort(),
    );
    const synced = uploads.flatMap((u) => u.results.filter((r) => r.ok));
    // Without the proxy nothing is checked in the ledger; what needs attention is at least every failure
    // (rows already on the Errors tab come on top).
    const [, headSynced, attention, notChecked] =
      /(\d+) synced · (\d+) need attention · (\d+) not checked/.exec(headline) ?? [];
    expect(Number(headSynced)).toBe(synced.length);
    expect(Number(attention)).toBeGreaterThanOrEqual(failures.length);
    expect(Number(notChecked)).toBe(synced.length);
    expect(failures.length).toBeGreaterThanOrEqual(3);
    for (const failure of failures) {
      const reported = await panel.reportedFailure(failure.ref);
      expect(reported, failure.ref).not.toBeNull();
      expect(reported!.reason).toContain(failure.error!.replace(/^⚠\s*/, ''));
      expect(reported!.fix.trim(), failure.ref).not.toBe('');
    }
  });
});
