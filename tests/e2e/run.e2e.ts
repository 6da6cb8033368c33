import { afterEach, describe, expect, it } from 'vitest';
import {
  doubleUploads,
  inPanel,
  PanelObject,
  PopupObject,
  type Session,
  simPaths,
  startSession,
  startSmartSyncAll,
  waitForRunEnd,
} from './harness';
import { expectWholeRun } from './run-checks';

async function smartSyncAll(session: Session): Promise<string> {
  await session.open(simPaths.dashboard);
  await new PanelObject(session.page).waitVisible();
  await startSmartSyncAll(session.page);
  return waitForRunEnd(session.page, 80_000, session);
}

/** What the report says about one reference: its reason and fix as shown. */
async function reportedFailure(session: Session, reference: string) {
  return inPanel(
    session.page,
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

describe.each([
  ['xero', 'inpage'],
  ['xero', 'postback'],
  ['qbo', 'inpage'],
  ['qbo', 'postback'],
] as const)('Smart Sync All on the %s dashboard (%s navigation)', (provider, navigation) => {
  let session: Session;
  afterEach(() => session?.close());

  it('syncs every list in dependency order and reports each broken item with its reason', async () => {
    session = await startSession({ provider, navigation });
    const paymentsBefore = session.sim.pending().Sales?.Payments ?? [];
    const headline = await smartSyncAll(session);
    expect(headline).toMatch(
      /^Smart Sync All finished: \d+ synced · \d+ need attention · \d+ not checked\.$/,
    );

    await expectWholeRun(session.sim, paymentsBefore, (ref) => reportedFailure(session, ref));
  });
});

describe('Smart Sync All on dashboards that differ', () => {
  let session: Session;
  afterEach(() => session?.close());

  it('syncs an undocumented sub-tab after its tab’s known lists, and pages through a paged list', async () => {
    session = await startSession({
      provider: 'xero',
      navigation: 'inpage',
      pageSize: 4,
      extraSubTab: { tab: 'Purchases', label: 'Freight Bills', rows: 3 },
    });
    await smartSyncAll(session);
    const order = session.sim.uploads().map((upload) => upload.subTab);
    expect(order.indexOf('Freight Bills')).toBeGreaterThan(order.lastIndexOf('Landed Costs'));
    expect(order.indexOf('Freight Bills')).toBeLessThan(order.indexOf('Adjustments'));
    expect(session.sim.pending().Purchases?.['Freight Bills']).toEqual([]);
    // Ten invoices on pages of four: all synced, none twice.
    expect(session.sim.pending().Sales?.Invoices).toEqual([]);
    expect(doubleUploads(session.sim)).toEqual([]);
  });

  it('confirms the dialog an upload opens, and nothing else', async () => {
    session = await startSession({ provider: 'qbo', navigation: 'postback', confirmUploads: true });
    const headline = await smartSyncAll(session);
    const [outcome] = /\d+ synced · \d+ need attention · \d+ not checked/.exec(headline) ?? [];
    expect(outcome).toBeDefined();
    // The popup tells the last run too.
    const popup = await PopupObject.open(session);
    expect(await popup.field('last-run')).toMatch(
      // No proxy in this test: the popup says the run's items were not verified in the ledger.
      new RegExp(`: finished, ${outcome}\\. Not verified in the ledger\\.$`),
    );
    expect(session.sim.pending().Sales?.Invoices).toEqual([]);
    expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
    expect(doubleUploads(session.sim)).toEqual([]);
  });
});
