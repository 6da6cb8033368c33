import { describe, expect, it } from 'vitest';
import type { LayoutTab } from './planner';
import { foldedIn, ledgerProblems, runToCsv, runTotals, summariseStep } from './report';
import { applyEvent, outcome, type RunEvent, type RunState, startRun } from './run';

const STARTED = Date.UTC(2026, 10, 27, 9, 0, 0);

const LAYOUT: LayoutTab[] = [
  { label: 'Sales', subTabs: ['Invoices', 'Credit Notes'] },
  { label: 'Errors', subTabs: ['Invoices'] },
];

function runOf(events: Array<[RunEvent, number]>): RunState {
  const run = startRun({
    id: 'run-1',
    tabId: 1,
    scope: { type: 'all' },
    provider: 'xero',
    layout: LAYOUT,
    now: STARTED,
  });
  return events.reduce((state, [event, at]) => applyEvent(state, event, STARTED + at), run);
}

const stepOf = (run: RunState, id: string) => {
  const found = run.steps.find((step) => step.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};

/** Invoices: one synced, one failed; Credit Notes: empty; Errors → Invoices lists one old item. */
const finished = () =>
  runOf([
    [{ type: 'stepStarted', stepId: 'sales/invoices' }, 0],
    [{ type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2'] }, 100],
    [
      {
        type: 'verified',
        stepId: 'sales/invoices',
        synced: ['INV-1'],
        failed: [
          outcome(
            { reference: 'INV-2', contact: 'Smith, "Bob"', date: '2026-11-01', amount: '-5.00' },
            'Account code or ID must be specified',
          ),
        ],
      },
      2_000,
    ],
    [{ type: 'stepFinished', stepId: 'sales/invoices', found: 2 }, 2_460],
    [{ type: 'stepStarted', stepId: 'sales/credit notes' }, 2_500],
    [{ type: 'stepFinished', stepId: 'sales/credit notes', found: 0, message: 'Nothing to sync.' }, 2_600],
    [
      {
        type: 'stepFinished',
        stepId: 'errors/invoices',
        status: 'read',
        listed: [
          outcome({ reference: 'INV-2' }, 'Account code or ID must be specified'),
          outcome({ reference: '=SUM(A1)', contact: '+1', amount: '@x' }, 'Weird\nreason'),
        ],
      },
      3_000,
    ],
  ]);

describe('summariseStep', () => {
  it('gives counts and the time taken in tenths of a second', () => {
    expect(summariseStep(stepOf(finished(), 'sales/invoices'))).toEqual({
      id: 'sales/invoices',
      tab: 'Sales',
      subTab: 'Invoices',
      phase: 'sync',
      status: 'partial',
      found: 2,
      synced: 1,
      failed: 1,
      seconds: 2.5,
      message: null,
      ledger: '–',
    });
  });

  it('has no time for a step that has not both started and ended', () => {
    expect(summariseStep(stepOf(runOf([]), 'sales/invoices')).seconds).toBeNull();
    expect(summariseStep(stepOf(finished(), 'errors/invoices')).seconds).toBeNull();
  });
});

describe('runTotals', () => {
  it('counts syncing steps only, not the report reads', () => {
    expect(runTotals(finished())).toEqual({ steps: 2, done: 2, synced: 1, failed: 1, ledger: null });
    expect(runTotals(runOf([]))).toEqual({ steps: 2, done: 0, synced: 0, failed: 0, ledger: null });
  });
});

describe('foldedIn', () => {
  it('lists report rows no step accounts for, with the list they came from', () => {
    const extra = foldedIn(finished());
    expect(extra.map((item) => [item.reference, item.list])).toEqual([['=SUM(A1)', 'Errors → Invoices']]);
  });
});

describe('runToCsv', () => {
  const rows = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n');

  it('writes a header and one row per item, lines ended with CRLF', () => {
    const csv = runToCsv(finished());
    expect(csv.endsWith('\r\n')).toBe(true);
    // A byte-order mark first, so spreadsheet programs read UTF-8.
    expect(csv.startsWith('\uFEFFrun started,')).toBe(true);
    const lines = rows(csv);
    expect(lines[0]).toBe(
      'run started,tab,sub-tab,step status,item status,reference,contact,date,amount,reason,fix,ledger',
    );
    // header + 2 invoice items + 1 empty credit-notes line + 2 listed rows (one with an embedded newline)
    expect(csv.match(/\r\n/g)).toHaveLength(6);
    expect(lines[1]).toBe('2026-11-27T09:00:00.000Z,Sales,Invoices,partly synced,synced,INV-1,,,,,,');
    expect(lines[3]).toBe(
      '2026-11-27T09:00:00.000Z,Sales,Credit Notes,nothing to sync,,,,,,Nothing to sync.,,',
    );
  });

  it('quotes commas and quotes, and prefixes formula-looking cells with an apostrophe', () => {
    const lines = rows(runToCsv(finished()));
    const failed = lines[2] ?? '';
    expect(failed).toContain(',failed,INV-2,"Smith, ""Bob""",2026-11-01,\'-5.00,');
    expect(failed).toContain('Account code or ID must be specified,"Set the missing account');
    const listed = lines.find((line) => line.includes('SUM')) ?? '';
    expect(listed).toContain(",listed,'=SUM(A1),'+1,,'@x,\"Weird\nreason\",");
  });

  it('writes an empty fix when none is known', () => {
    const lines = rows(runToCsv(finished()));
    expect(lines.find((line) => line.includes('SUM'))?.endsWith('reason",,')).toBe(true);
  });

  it('writes where each synced reference stands in the ledger, once verified', () => {
    const run = finished();
    const verified = {
      ...run,
      ledger: { verifiedAt: 1 },
      steps: run.steps.map((step) =>
        step.synced.length > 0 ? { ...step, ledger: { 'INV-1': 'missing' as const } } : step,
      ),
    };
    expect(rows(runToCsv(verified))[1]).toBe(
      '2026-11-27T09:00:00.000Z,Sales,Invoices,partly synced,synced,INV-1,,,,,,missing',
    );
    expect(runTotals(verified).ledger).toEqual({ found: 0, missing: 1, duplicate: 0 });
    expect(ledgerProblems(verified).map((problem) => [problem.reference, problem.status])).toEqual([
      ['INV-1', 'missing'],
    ]);
  });
});
