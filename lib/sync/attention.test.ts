import { describe, expect, it } from 'vitest';
import { needsAttention, reportHeadline } from './attention';
import { actionFor } from './fixes';
import type { LayoutTab } from './planner';
import { applyEvent, outcome, type RunState, startRun, stopCancelled } from './run';
import type { RunEvent } from './schemas';

const LAYOUT: LayoutTab[] = [
  { label: 'Sales', subTabs: ['Customers', 'Invoices', 'Credit Notes', 'Payments'] },
  { label: 'Errors', subTabs: ['Invoices'] },
];

function runOf(events: RunEvent[]): RunState {
  const run = startRun({
    id: 'run-1',
    tabId: 1,
    scope: { type: 'all' },
    provider: 'xero',
    layout: LAYOUT,
    now: 0,
  });
  return events.reduce((state, event, at) => applyEvent(state, event, at + 1), run);
}

const failed = (reference: string, reason: string) =>
  outcome({ reference, contact: 'Acme', date: '2026-11-03', amount: '120.00' }, reason);

describe('needsAttention: failures grouped by what to do', () => {
  it('groups by action, ledger problems first, each item with its list, contact, date, amount and reason', () => {
    let run = runOf([
      { type: 'stepStarted', stepId: 'sales/invoices' },
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2', 'INV-3', 'INV-4'] },
      {
        type: 'verified',
        stepId: 'sales/invoices',
        synced: ['INV-1'],
        failed: [
          failed('INV-2', 'Account code or ID must be specified'),
          failed('INV-3', 'Contact is not linked'),
          failed('INV-4', 'Something Omni never documented'),
        ],
      },
      { type: 'stepFinished', stepId: 'sales/invoices', found: 4 },
      { type: 'stepStarted', stepId: 'sales/credit notes' },
      {
        type: 'stepFinished',
        stepId: 'sales/credit notes',
        status: 'failed',
        message: 'The list did not load in 20 s.',
      },
    ]);
    run = {
      ...run,
      steps: run.steps.map((step) =>
        step.id === 'sales/invoices' ? { ...step, ledger: { 'INV-1': 'missing' } } : step,
      ),
    };
    const groups = needsAttention(run, 'Xero');
    expect(groups.map((group) => group.title)).toEqual([
      'Check in Xero',
      'Link a contact',
      'Fix an account code',
      'Read Omni’s reason',
      'Lists the run could not finish',
    ]);
    expect(groups[2]!.items).toEqual([
      expect.objectContaining({
        tab: 'Sales',
        subTab: 'Invoices',
        reference: 'INV-2',
        contact: 'Acme',
        date: '2026-11-03',
        amount: '120.00',
        reason: 'Account code or ID must be specified',
      }),
    ]);
    expect(groups[4]!.items[0]).toMatchObject({
      subTab: 'Credit Notes',
      reason: 'The list did not load in 20 s.',
    });
    expect(reportHeadline(run, groups)).toEqual({ synced: 1, attention: 5, notChecked: 0 });
  });

  it('a cancelled run lists no step it never reached, and says nothing was checked', () => {
    let run = runOf([
      { type: 'stepStarted', stepId: 'sales/customers' },
      { type: 'submitting', stepId: 'sales/customers', refs: ['C-1'] },
      { type: 'verified', stepId: 'sales/customers', synced: ['C-1'], failed: [] },
      { type: 'stepFinished', stepId: 'sales/customers', found: 1 },
    ]);
    run = stopCancelled(run, 10);
    expect(needsAttention(run)).toEqual([]);
    expect(reportHeadline(run)).toEqual({ synced: 1, attention: 0, notChecked: 1 });
  });

  it('rows on Errors no step accounts for are grouped by their reason too', () => {
    const run = runOf([
      { type: 'stepStarted', stepId: 'errors/invoices' },
      {
        type: 'listed',
        stepId: 'errors/invoices',
        items: [failed('INV-9', 'Total debits (1) must equal total credits (2)')],
      },
      { type: 'stepFinished', stepId: 'errors/invoices', found: 1, status: 'read' },
    ]);
    expect(
      needsAttention(run).map((group) => [group.title, group.items.map((item) => item.reference)]),
    ).toEqual([['Correct a journal', ['INV-9']]]);
  });
});

describe('actionFor', () => {
  it.each([
    ['The date is on or before the lock date', 'locked-period'],
    ['Exists in Xero as Acme Ltd: not uploaded, so no duplicate is made.', 'link-contact'],
    ['Submitted — check them in Omni: the run was interrupted', 'check-omni'],
    ['Organization is not subscribed to currency AUD', 'currency'],
    ['nobody knows', 'other'],
  ])('"%s" → %s', (reason, action) => {
    expect(actionFor(reason)).toBe(action);
  });
});
