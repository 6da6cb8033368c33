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
import { clickDashboardTab, simPaths } from './harness';
import { expectWholeRun, XERO_SUBTABS } from './run-checks';

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

    const { failures, synced } = await expectWholeRun(session.sim, paymentsBefore, (ref) =>
      panel.reportedFailure(ref),
    );
    // Without the proxy nothing is checked in the ledger; what needs attention is at least every failure
    // (rows already on the Errors tab come on top).
    const [, headSynced, attention, notChecked] =
      /(\d+) synced · (\d+) need attention · (\d+) not checked/.exec(headline) ?? [];
    expect(Number(headSynced)).toBe(synced.length);
    expect(Number(attention)).toBeGreaterThanOrEqual(failures.length);
    expect(Number(notChecked)).toBe(synced.length);
  });
});
