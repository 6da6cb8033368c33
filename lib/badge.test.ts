import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, badgeCount, badgeFor, pendingOnPage, runEndNotice } from './badge';
import type { PageSnapshot, SubTabInfo } from './snapshots';
import { applyEvent, interruptRun, outcome, type RunState, startRun } from './sync/run';
import type { RunEvent } from './sync/schemas';

const tab = (label: string, overrides: Partial<PageSnapshot['tabs'][number]> = {}) => ({
  label,
  key: label.toLowerCase(),
  count: null,
  active: false,
  known: true,
  syncs: true,
  ...overrides,
});

const subTab = (label: string, overrides: Partial<SubTabInfo> = {}): SubTabInfo => ({
  label,
  key: label.toLowerCase(),
  count: null,
  active: false,
  known: true,
  kind: 'transactions',
  syncs: true,
  ...overrides,
});

/** Sales → Invoices open, its list read with 10 rows; Customers (2), Payments with no count shown. */
function dashboard(overrides: Partial<PageSnapshot> = {}): PageSnapshot {
  return {
    url: 'https://go.cin7.com/Cloud/AccountingV2/Dashboard.aspx',
    kind: 'dashboard',
    provider: 'xero',
    heading: 'Xero V2 Accounting Dashboard',
    tabs: [tab('Sales', { active: true }), tab('Errors', { count: 4, syncs: false })],
    subTabs: [
      subTab('Customers', { kind: 'contacts', count: 2 }),
      subTab('Invoices', { count: 12, active: true }),
      subTab('Payments', { kind: 'upload-ticked', count: 3 }),
    ],
    activeTab: 'Sales',
    activeSubTab: 'Invoices',
    ledgerConnected: null,
    list: { state: 'rows', rows: 10, pager: null },
    readAt: 1,
    ...overrides,
  };
}

const LAYOUT = [{ label: 'Sales', subTabs: ['Customers', 'Invoices', 'Payments'] }];

function runOn(tabId: number, events: RunEvent[], scope: RunState['scope'] = { type: 'all' }): RunState {
  const run = startRun({ id: 'r1', tabId, scope, provider: 'xero', layout: LAYOUT, now: 0 });
  return events.reduce((state, event, index) => applyEvent(state, event, index + 1), run);
}

/** Customers synced, Invoices half-way: 2 of the 4 syncing steps (the revisit of Payments included) ended. */
const midRun: RunEvent[] = [
  { type: 'stepStarted', stepId: 'sales/customers' },
  { type: 'submitting', stepId: 'sales/customers', refs: ['Acme'] },
  { type: 'verified', stepId: 'sales/customers', synced: ['Acme'], failed: [] },
  { type: 'stepFinished', stepId: 'sales/customers' },
  { type: 'stepStarted', stepId: 'sales/invoices' },
];

/** Every step ended: Invoices with one synced and two failed. */
function finishedRun(tabId: number): RunState {
  const run = runOn(tabId, midRun);
  const rest: RunEvent[] = [
    { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2', 'INV-3'] },
    {
      type: 'verified',
      stepId: 'sales/invoices',
      synced: ['INV-1'],
      failed: [
        outcome({ reference: 'INV-2' }, 'Account code or ID must be specified'),
        outcome({ reference: 'INV-3' }, 'Zero value transactions are not sent to Xero'),
      ],
    },
    ...run.steps
      .filter((step) => step.status === 'pending' || step.status === 'active')
      .map((step): RunEvent => ({ type: 'stepFinished', stepId: step.id, found: 0 })),
  ];
  return rest.reduce((state, event) => applyEvent(state, event, 100), run);
}

describe('badgeCount', () => {
  it('fits any count in four characters', () => {
    expect(badgeCount(7)).toBe('7');
    expect(badgeCount(999)).toBe('999');
    expect(badgeCount(999, true)).toBe('999+');
    expect(badgeCount(12, true)).toBe('12+');
    expect(badgeCount(1000)).toBe('1k');
    expect(badgeCount(1500)).toBe('1k+');
    expect(badgeCount(25_000)).toBe('25k');
    expect(badgeCount(250_000)).toBe('99k+');
    for (const count of [0, 9, 99, 999, 1001, 9999, 10_001, 99_999, 1e7])
      for (const atLeast of [false, true]) expect(badgeCount(count, atLeast).length).toBeLessThanOrEqual(4);
  });
});

describe('pendingOnPage', () => {
  it('adds the open list’s rows as read and the other sub-tabs’ counts; not Errors', () => {
    expect(pendingOnPage(dashboard())).toEqual({ items: 2 + 10 + 3, complete: true });
  });

  it('takes the open sub-tab’s label count while its list is not read yet', () => {
    const loading = dashboard({ list: { state: 'loading', rows: 0, pager: null } });
    expect(pendingOnPage(loading)).toEqual({ items: 2 + 12 + 3, complete: true });
  });

  it('is a lower bound when a syncing list or tab shows no count', () => {
    const page = dashboard({
      tabs: [tab('Sales', { active: true }), tab('Purchases'), tab('Retail', { count: 5 })],
      subTabs: [subTab('Customers', { kind: 'contacts' }), subTab('Invoices', { count: 12, active: true })],
    });
    expect(pendingOnPage(page)).toEqual({ items: 10 + 5, complete: false });
  });

  it('leaves out read-only sub-tabs (Admin’s copies of the ledger)', () => {
    const page = dashboard({
      tabs: [tab('Admin', { active: true })],
      subTabs: [subTab('Tax Rates', { kind: 'read-only', syncs: false, count: 40, active: true })],
      list: { state: 'rows', rows: 40, pager: null },
    });
    expect(pendingOnPage(page)).toEqual({ items: 0, complete: true });
  });
});

describe('badgeFor', () => {
  const pages = { 7: dashboard(), 8: dashboard({ kind: 'other' }) };

  it('shows what is pending on a dashboard tab, and nothing on other pages or tabs', () => {
    expect(badgeFor(7, pages, null)).toEqual({
      text: '15',
      color: BADGE_COLORS.pending,
      title: 'Omni Smart Sync: 15 items pending on the dashboard',
    });
    expect(badgeFor(8, pages, null).text).toBe('');
    expect(badgeFor(9, pages, null).text).toBe('');
    expect(badgeFor(7, { 7: dashboard({ provider: null }) }, null).text).toBe('');
    const empty = dashboard({
      subTabs: [subTab('Invoices', { count: 0, active: true })],
      list: { state: 'empty', rows: 0, pager: null },
    });
    expect(badgeFor(7, { 7: empty }, null).text).toBe('');
  });

  it('says "at least" where some list showed no count', () => {
    const page = dashboard({ tabs: [tab('Sales', { active: true }), tab('Purchases')] });
    expect(badgeFor(7, { 7: page }, null)).toMatchObject({
      text: '15+',
      title: expect.stringMatching(/at least 15/),
    });
  });

  it('shows a run’s progress on its own tab only', () => {
    const run = runOn(7, midRun);
    expect(badgeFor(7, pages, run)).toEqual({
      text: '1/4',
      color: BADGE_COLORS.running,
      title: 'Omni Smart Sync: 1 of 4 lists done',
    });
    expect(badgeFor(8, pages, run).text).toBe('');
    expect(badgeFor(9, { ...pages, 9: dashboard() }, run).text).toBe('15');
  });

  it('turns long progress into a percentage, and a paused run amber', () => {
    const many = [...'ABCDEFGHIJKL'].map((letter) => `List ${letter}`);
    const run = startRun({
      id: 'r2',
      tabId: 7,
      scope: { type: 'all' },
      provider: 'xero',
      layout: [{ label: 'Sales', subTabs: many }],
      now: 0,
    });
    const started = run.steps
      .slice(0, 10)
      .reduce(
        (state, step) => applyEvent(state, { type: 'stepFinished', stepId: step.id, found: 0 }, 1),
        run,
      );
    // "10/12" is five characters: too long for the badge.
    expect(badgeFor(7, pages, started).text).toBe('83%');
    const paused = applyEvent(
      started,
      { type: 'blocked', reason: 'Omni is showing its login page.', uploadFailed: false },
      2,
    );
    expect(badgeFor(7, pages, paused)).toMatchObject({
      text: '83%',
      color: BADGE_COLORS.paused,
      title: 'Omni Smart Sync paused: Omni is showing its login page.',
    });
  });

  it('after a run, a red count of what needs attention on its tab, until the next run', () => {
    const run = finishedRun(7);
    expect(run.status).toBe('done');
    expect(badgeFor(7, pages, run)).toEqual({
      text: '2',
      color: BADGE_COLORS.attention,
      title: 'Omni Smart Sync: 2 items of the last run need attention (see the panel’s report)',
    });
    // The next run replaces it.
    expect(badgeFor(7, pages, runOn(7, [])).text).toBe('0/4');
  });

  it('after a run with nothing to attend to, or a preview, what is pending again', () => {
    const clean = runOn(7, [
      ...midRun,
      { type: 'stepFinished', stepId: 'sales/invoices', found: 0 },
      { type: 'stepFinished', stepId: 'sales/payments', found: 0 },
      { type: 'stepFinished', stepId: 'sales/payments/revisit', found: 0 },
    ]);
    expect(clean.status).toBe('done');
    expect(badgeFor(7, pages, clean).text).toBe('15');
    const preview = runOn(
      7,
      [{ type: 'stepFinished', stepId: 'sales/customers', found: 2, status: 'read' }],
      {
        type: 'preview',
      },
    );
    expect(badgeFor(7, pages, preview).text).toBe('1/3');
    expect(badgeFor(7, pages, { ...preview, status: 'done' }).text).toBe('15');
  });
});

describe('runEndNotice', () => {
  it('gives a finished run’s headline, in the report’s words', () => {
    expect(runEndNotice(finishedRun(7))).toBe('Smart Sync All finished: 2 synced, 2 need attention.');
  });

  it('says nothing for a run still going, or a preview', () => {
    expect(runEndNotice(runOn(7, midRun))).toBeNull();
    const preview = runOn(7, [], { type: 'preview' });
    expect(runEndNotice({ ...preview, status: 'done', endedAt: 5 })).toBeNull();
  });

  it('names a one-list sync, and why a run was interrupted', () => {
    const run = runOn(7, [], { type: 'subTab', tab: 'Sales', subTab: 'Invoices' });
    expect(runEndNotice(interruptRun(run, 'The tab running the sync was closed.', 9))).toBe(
      'Sync of Sales → Invoices interrupted: 0 synced, 0 need attention. The tab running the sync was closed.',
    );
  });
});
