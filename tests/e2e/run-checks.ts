/**
 * What a clean Smart Sync All on the simulator's default company must show, in any browser: contacts
 * first, nothing twice, nothing outside the allowed clicks, refilled payments synced in the same run,
 * only the broken-on-purpose items left, and each of them in the panel's report with Omni's reason and
 * the documented fix.
 */
import { expect } from 'vitest';
import { fixFor } from '../../lib/sync/fixes';
import type { OmniSim } from '../omni-sim/server';
import { doubleUploads } from './harness';

export const CONTACT_LISTS = ['Customers', 'Suppliers'];

/** The simulated Xero dashboard's sub-tabs, per tab, as the panel lists them once each tab was opened. */
export const XERO_SUBTABS = {
  Sales: ['Customers', 'Invoices', 'Credit Notes', 'Payments'],
  Purchases: ['Suppliers', 'Supplier Invoices', 'Supplier Credit Notes', 'Landed Costs'],
  'Adjustments & COGS': ['Adjustments', 'COGS'],
  Retail: ['Gift Vouchers', 'Store Credits'],
  Admin: ['Tax Rates', 'Chart of Accounts'],
  Errors: ['Invoices', 'Credit Notes', 'Supplier Invoices', 'Adjustments'],
  Discrepancies: ['Sales Order Discrepancies', 'Purchase Order Discrepancies'],
};

type Reported = { reason: string; fix: string } | null;

/** Returns the failures and the synced results the simulator saw. */
export async function expectWholeRun(
  sim: OmniSim,
  paymentsBefore: string[],
  reportedFailure: (reference: string) => Promise<Reported>,
) {
  const uploads = sim.uploads();
  // Contacts first: every contact upload comes before the first transaction upload.
  const firstTransaction = uploads.findIndex((upload) => !CONTACT_LISTS.includes(upload.subTab));
  const lastContact = uploads.map((upload) => CONTACT_LISTS.includes(upload.subTab)).lastIndexOf(true);
  expect(lastContact).toBeLessThan(firstTransaction);
  expect(uploads.slice(0, 2).map((upload) => upload.subTab)).toEqual(CONTACT_LISTS);
  // Nothing twice, nothing outside the allowed clicks.
  expect(doubleUploads(sim)).toEqual([]);
  expect(sim.actions().filter((action) => !action.allowed)).toEqual([]);
  // Payments that only appeared once their invoices synced were synced in the same run.
  const paymentsUploaded = uploads.filter((u) => u.subTab === 'Payments').flatMap((u) => u.refs);
  expect(paymentsUploaded.length).toBeGreaterThan(paymentsBefore.length);
  expect(sim.pending().Sales?.Payments).toEqual([]);
  // Invoices never fail for want of a linked contact.
  const failures = uploads.flatMap((u) =>
    u.results.filter((r) => !r.ok).map((r) => ({ ...r, subTab: u.subTab })),
  );
  expect(failures.filter((failure) => /not linked/i.test(failure.error ?? ''))).toEqual([]);
  // Everything not broken on purpose has left its list.
  const stillPending = Object.entries(sim.pending())
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
    const reported = await reportedFailure(failure.ref);
    expect(reported, failure.ref).not.toBeNull();
    expect(reported!.reason).toContain(failure.error!.replace(/^⚠\s*/, ''));
    expect(reported!.fix.trim(), failure.ref).not.toBe('');
    expect(reported!.fix).toBe(fixFor(failure.error!));
  }
  return { failures, synced: uploads.flatMap((u) => u.results.filter((r) => r.ok)) };
}
