/**
 * A fake Xero that follows the simulator: every item Omni's simulator syncs is posted to the fake Xero
 * organisation the proxy reads, as a real sync posts to a real ledger. So a run's verification through
 * the proxy is real: what the run sent is what the ledger holds. `skip` and `twice` make the ledger
 * miss a document or hold it twice, as a ledger can after a glitch or a manual entry.
 */
import type { FakeXero } from '../../backend/test/fake-xero';
import type { OmniSim } from './server';

type Resource = 'Invoices' | 'CreditNotes' | 'ManualJournals' | 'Payments';

/** What each of the simulator's sub-tabs posts to Xero. */
const POSTED: Record<
  string,
  { resource: Resource; type?: 'ACCREC' | 'ACCPAY' | 'ACCRECCREDIT' | 'ACCPAYCREDIT' }
> = {
  Invoices: { resource: 'Invoices', type: 'ACCREC' },
  'Credit Notes': { resource: 'CreditNotes', type: 'ACCRECCREDIT' },
  'Supplier Invoices': { resource: 'Invoices', type: 'ACCPAY' },
  'Supplier Credit Notes': { resource: 'CreditNotes', type: 'ACCPAYCREDIT' },
  Payments: { resource: 'Payments' },
  Adjustments: { resource: 'ManualJournals' },
};

export function feedLedger(
  sim: OmniSim,
  xero: FakeXero,
  tenantId: string,
  options: { skip?: string[]; twice?: string[] } = {},
): void {
  sim.onUpload((upload) => {
    const posted = POSTED[upload.subTab];
    if (!posted) return;
    const synced = upload.results.filter((result) => result.ok && !options.skip?.includes(result.ref));
    const items = synced.flatMap((result) => {
      const item = { number: result.ref, ...(posted.type ? { type: posted.type } : {}) };
      return options.twice?.includes(result.ref) ? [item, { ...item }] : [item];
    });
    if (items.length > 0) xero.addDocuments(tenantId, posted.resource, items);
  });
}
