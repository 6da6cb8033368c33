import { describe, expect, it } from 'vitest';
import type { LayoutTab } from './planner';
import { foldedIn, ledgerProblems, runToCsv, runTotals, summariseStep } from './report';
import { applyEvent, outcome, type RunState, startRun } from './run';
import { type RunEvent, runEventsSchema } from './schemas';

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
    [
      {
        type: 'submitting',
        stepId: 'sales/invoices',
        refs: ['INV-1', 'INV-2'],
        items: [
          { reference: 'INV-1', contact: 'Zoë’s Café', date: '2026-11-02', amount: '1,234.50' },
          { reference: 'INV-2', contact: 'Smith', date: '2026-11-01', amount: '-5.00' },
        ],
      },
      100,
    ],
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
    expect(lines[1]).toBe(
      '2026-11-27T09:00:00.000Z,Sales,Invoices,partly synced,synced,INV-1,Zoë’s Café,2026-11-02,"1,234.50",,,',
    );
    expect(lines[3]).toBe(
      '2026-11-27T09:00:00.000Z,Sales,Credit Notes,nothing to sync,,,,,,Nothing to sync.,,',
    );
  });

  it('quotes commas and quotes, and prefixes formula-looking cells (not negative amounts) with an apostrophe', () => {
    const lines = rows(runToCsv(finished()));
    const failed = lines[2] ?? '';
    expect(failed).toContain(',failed,INV-2,"Smith, ""Bob""",2026-11-01,-5.00,');
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
      '2026-11-27T09:00:00.000Z,Sales,Invoices,partly synced,synced,INV-1,Zoë’s Café,2026-11-02,"1,234.50",,,missing',
    );
    expect(runTotals(verified).ledger).toEqual({ found: 0, missing: 1, duplicate: 0 });
    expect(ledgerProblems(verified).map((problem) => [problem.reference, problem.status])).toEqual([
      ['INV-1', 'missing'],
    ]);
  });
});

/** RFC 4180, as a spreadsheet reads it: a byte-order mark, quoted cells with "" and line breaks, CRLF. */
function parseCsv(text: string): string[][] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let at = 0; at < body.length; at += 1) {
    const char = body[at];
    if (quoted) {
      if (char === '"' && body[at + 1] === '"') {
        cell += '"';
        at += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      record.push(cell);
      cell = '';
    } else if (char === '\r' && body[at + 1] === '\n') {
      records.push([...record, cell]);
      record = [];
      cell = '';
      at += 1;
    } else if (char === '"' || char === '\n' || char === '\r') {
      throw new Error(`bare ${JSON.stringify(char)} at ${at}`);
    } else cell += char;
  }
  if (quoted) throw new Error('unterminated quote');
  if (cell !== '' || record.length > 0) throw new Error('last record not ended with CRLF');
  return records;
}

describe('runToCsv read back as a spreadsheet reads it', () => {
  const table = (run: RunState) => {
    const [header, ...records] = parseCsv(runToCsv(run));
    for (const record of records) expect(record).toHaveLength(header!.length);
    return records.map((record) => Object.fromEntries(header!.map((name, index) => [name, record[index]])));
  };

  it('has every item, synced ones too, with its contact, date and amount, in the panel’s words', () => {
    const items = table(finished());
    expect(
      items.map((item) => [item['sub-tab'], item['step status'], item['item status'], item.reference]),
    ).toEqual([
      ['Invoices', 'partly synced', 'synced', 'INV-1'],
      ['Invoices', 'partly synced', 'failed', 'INV-2'],
      ['Credit Notes', 'nothing to sync', '', ''],
      ['Invoices', 'read', 'listed', 'INV-2'],
      ['Invoices', 'read', 'listed', "'=SUM(A1)"],
    ]);
    expect(items[0]).toMatchObject({ contact: 'Zoë’s Café', date: '2026-11-02', amount: '1,234.50' });
    expect(items[1]).toMatchObject({
      contact: 'Smith, "Bob"',
      date: '2026-11-01',
      amount: '-5.00',
      reason: 'Account code or ID must be specified',
    });
    expect(items[4]?.reason).toBe('Weird\nreason');
  });

  it('keeps the details a content script announces, through the background’s schema', () => {
    const [announced] = runEventsSchema.parse([
      {
        type: 'submitting',
        stepId: 'sales/credit notes',
        refs: ['CN-1'],
        items: [{ reference: 'CN-1', contact: 'Acme', date: '2026-11-03', amount: '-20.00' }],
      },
    ]);
    const run = runOf([
      [{ type: 'stepStarted', stepId: 'sales/credit notes' }, 0],
      [announced!, 10],
      [{ type: 'verified', stepId: 'sales/credit notes', synced: ['CN-1'], failed: [] }, 20],
      [{ type: 'stepFinished', stepId: 'sales/credit notes' }, 30],
    ]);
    expect(table(run).find((item) => item.reference === 'CN-1')).toMatchObject({
      'item status': 'synced',
      contact: 'Acme',
      date: '2026-11-03',
      amount: '-20.00',
    });
  });

  it('gives a failure known by its reference only the row it was submitted as', () => {
    const run = runOf([
      [{ type: 'stepStarted', stepId: 'sales/invoices' }, 0],
      [
        {
          type: 'submitting',
          stepId: 'sales/invoices',
          refs: ['INV-9'],
          items: [{ reference: 'INV-9', contact: 'Acme', date: '2026-11-04', amount: '9.00' }],
        },
        10,
      ],
      [{ type: 'blocked', reason: 'Omni showed its login page.', uploadFailed: true }, 20],
    ]);
    expect(table(run)[0]).toMatchObject({
      'item status': 'failed',
      reference: 'INV-9',
      contact: 'Acme',
      amount: '9.00',
      reason: 'Omni showed its login page.',
    });
  });

  it('leaves the details empty for runs stored before they were kept', () => {
    const run = finished();
    const before = { ...run, steps: run.steps.map(({ items: _items, ...step }) => step) };
    expect(table(before)[0]).toMatchObject({ reference: 'INV-1', contact: '', date: '', amount: '' });
  });
});
