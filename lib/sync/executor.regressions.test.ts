// @vitest-environment happy-dom
import { expect, it } from 'vitest';
import { executeStep } from './executor';
import { applyEvent, startRun } from './run';
import type { RunEvent } from './schemas';

it('no longer: resuming at stage "uploading" on a page that landed on another sub-tab counts the submitted items as synced', async () => {
  // After the upload's page load Omni shows Sales → Customers; the Invoices list (still holding INV-1) is not shown.
  document.body.innerHTML = `
    <h1>Xero V2 Accounting Dashboard</h1>
    <div role="tablist"><button role="tab" aria-selected="true">Sales</button><button role="tab">Purchases</button><button role="tab">Errors</button></div>
    <div role="tablist"><button role="tab" aria-selected="true">Customers</button><button role="tab">Invoices</button><button role="tab">Payments</button></div>
    <table><thead><tr><th><input type="checkbox"></th><th>Name</th><th>Email</th></tr></thead>
    <tbody><tr><td><input type="checkbox"></td><td>Acme</td><td>a@b.c</td></tr></tbody></table>
    <button>Upload</button>`;
  // Clicking the Invoices sub-tab shows the Invoices list, where INV-1 is still listed with an error.
  document.querySelectorAll('[role=tab]')[4]!.addEventListener('click', () => {
    document.body.innerHTML = `
      <h1>Xero V2 Accounting Dashboard</h1>
      <div role="tablist"><button role="tab" aria-selected="true">Sales</button><button role="tab">Purchases</button><button role="tab">Errors</button></div>
      <div role="tablist"><button role="tab">Customers</button><button role="tab" aria-selected="true">Invoices</button><button role="tab">Payments</button></div>
      <table><thead><tr><th><input type="checkbox"></th><th>Reference</th><th>Customer</th><th>Error</th></tr></thead>
      <tbody><tr><td><input type="checkbox"></td><td>INV-1</td><td>Bob</td><td>Account code or ID must be specified</td></tr></tbody></table>
      <button>Upload All</button><button>Upload Selected</button>`;
  });
  let run = startRun({
    id: 'r',
    tabId: 1,
    scope: { type: 'subTab', tab: 'Sales', subTab: 'Invoices' },
    provider: 'xero',
    layout: [],
    now: 0,
  });
  run = {
    ...run,
    steps: run.steps.map((s) => ({
      ...s,
      status: 'active' as const,
      stage: 'uploading' as const,
      submitted: ['INV-1'],
      found: 1,
    })),
  };
  const events: RunEvent[] = [];
  await executeStep(
    document,
    { step: run.steps[0]!, submitted: ['INV-1'], timeouts: { openMs: 300, readyMs: 300, uploadMs: 300 } },
    {
      async report(reported) {
        for (const event of reported) {
          events.push(event);
          run = applyEvent(run, event, 1);
        }
        return { proceed: true };
      },
    },
  );
  expect(run.steps[0]?.synced).toEqual([]);
  expect(run.steps[0]?.failed.map((i) => i.reference)).toEqual(['INV-1']);
});
