import { afterEach, describe, expect, it } from 'vitest';
import { fixFor } from '../../lib/sync/fixes';
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

const CONTACT_LISTS = ['Customers', 'Suppliers'];

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

    const uploads = session.sim.uploads();
    // Contacts first: every contact upload comes before the first transaction upload.
    const firstTransaction = uploads.findIndex((upload) => !CONTACT_LISTS.includes(upload.subTab));
    const lastContact = uploads.map((upload) => CONTACT_LISTS.includes(upload.subTab)).lastIndexOf(true);
    expect(lastContact).toBeLessThan(firstTransaction);
    expect(uploads.slice(0, 2).map((upload) => upload.subTab)).toEqual(['Customers', 'Suppliers']);
    // Nothing twice, nothing outside the allowed clicks.
    expect(doubleUploads(session.sim)).toEqual([]);
    expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
    // Payments that only appeared once their invoices synced were synced in the same run.
    const paymentsUploaded = uploads.filter((u) => u.subTab === 'Payments').flatMap((u) => u.refs);
    expect(paymentsUploaded.length).toBeGreaterThan(paymentsBefore.length);
    expect(session.sim.pending().Sales?.Payments).toEqual([]);
    // Invoices never fail for want of a linked contact.
    const failures = uploads.flatMap((u) =>
      u.results.filter((r) => !r.ok).map((r) => ({ ...r, subTab: u.subTab })),
    );
    expect(failures.filter((failure) => /not linked/i.test(failure.error ?? ''))).toEqual([]);
    // Everything not broken on purpose has left its list.
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
    // Each broken item is in the report with Omni's reason and, for documented errors, the fix.
    expect(failures.length).toBeGreaterThanOrEqual(3);
    for (const failure of failures) {
      const reported = await reportedFailure(session, failure.ref);
      expect(reported, failure.ref).not.toBeNull();
      expect(reported!.reason).toContain(failure.error!.replace(/^⚠\s*/, ''));
      expect(reported!.fix).not.toBe('');
      expect(reported!.fix).toBe(fixFor(failure.error!));
    }
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
