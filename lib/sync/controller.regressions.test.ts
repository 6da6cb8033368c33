import { expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageSnapshot } from '../snapshots';
import { applyRunEvent, nextWork, resumeActiveRun, startOrJoin } from './controller';

const page: PageSnapshot = {
  url: 'https://go.cin7.com/',
  kind: 'dashboard',
  provider: 'xero',
  heading: 'Xero',
  activeTab: 'Sales',
  activeSubTab: 'Invoices',
  tabs: [{ label: 'Sales', key: 'sales', count: null, active: true, known: true, syncs: true }],
  subTabs: [
    {
      label: 'Invoices',
      key: 'invoices',
      count: null,
      active: true,
      known: true,
      kind: 'transactions',
      syncs: true,
    },
  ],
  ledgerConnected: null,
  list: null,
  readAt: 0,
};

it("regression: after an error page during a shortcut run's only step, the run never ends and blocks every later run", async () => {
  fakeBrowser.reset();
  await startOrJoin(1, { type: 'subTab', tab: 'Sales', subTab: 'Invoices' }, page, 1);
  await applyRunEvent(1, { type: 'stepStarted', stepId: 'sales/invoices' }, 2);
  await applyRunEvent(1, { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1'] }, 3);
  await applyRunEvent(1, { type: 'blocked', reason: 'Error page.', uploadFailed: true }, 4); // driver on the error page
  await resumeActiveRun(1); // content script back on the dashboard
  expect(await nextWork(1, false, 5)).toEqual({ type: 'idle' });
  const again = await startOrJoin(1, { type: 'all' }, page, 6);
  expect(again.message).toBe('Run started.');
});
