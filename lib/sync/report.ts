/** The run's report: per sub-tab figures, and the CSV export of a run. */
import type { RunState, StepState } from './run';
import type { ItemOutcome } from './schemas';

/** A step's status in words: the same in the panel and in the CSV export. */
export const STATUS_TEXT: Record<StepState['status'], string> = {
  pending: 'waiting',
  active: 'in progress',
  synced: 'synced',
  partial: 'partly synced',
  failed: 'failed',
  nothing: 'nothing to sync',
  skipped: 'skipped',
  read: 'read',
};

export interface StepSummary {
  id: string;
  tab: string;
  subTab: string;
  phase: StepState['phase'];
  status: StepState['status'];
  found: number;
  synced: number;
  failed: number;
  seconds: number | null;
  message: string | null;
  /** Where its synced references stand in the ledger ("12 found · 1 missing"), or "–" if not verified. */
  ledger: string;
}

function ledgerSummary(step: StepState): string {
  const counts = { found: 0, missing: 0, duplicate: 0 };
  for (const status of Object.values(step.ledger ?? {})) counts[status] += 1;
  const parts = [
    counts.found > 0 && `${counts.found} found`,
    counts.missing > 0 && `${counts.missing} missing`,
    counts.duplicate > 0 && `${counts.duplicate} duplicated`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : '–';
}

export function summariseStep(step: StepState): StepSummary {
  return {
    id: step.id,
    tab: step.tab,
    subTab: step.subTab,
    phase: step.phase,
    status: step.status,
    found: step.found,
    synced: step.synced.length,
    failed: step.failed.length,
    seconds:
      step.startedAt !== null && step.endedAt !== null
        ? Math.round((step.endedAt - step.startedAt) / 100) / 10
        : null,
    message: step.message,
    ledger: ledgerSummary(step),
  };
}

export function runTotals(run: RunState) {
  const syncing = run.steps.filter((step) => step.phase !== 'report');
  return {
    steps: syncing.length,
    done: syncing.filter((step) => step.status !== 'pending' && step.status !== 'active').length,
    synced: syncing.reduce((sum, step) => sum + step.synced.length, 0),
    failed: syncing.reduce((sum, step) => sum + step.failed.length, 0),
    ledger: ledgerTotals(run),
  };
}

/** What the ledger said of the run's synced references; null until they were verified. */
export function ledgerTotals(run: RunState): { found: number; missing: number; duplicate: number } | null {
  if (run.ledger?.verifiedAt === undefined) return null;
  const totals = { found: 0, missing: 0, duplicate: 0 };
  for (const step of run.steps) for (const status of Object.values(step.ledger ?? {})) totals[status] += 1;
  return totals;
}

/** Synced references the ledger does not have once: the first thing a report shows. */
export function ledgerProblems(
  run: RunState,
): Array<{ step: StepState; reference: string; status: 'missing' | 'duplicate' }> {
  return run.steps.flatMap((step) =>
    Object.entries(step.ledger ?? {}).flatMap(([reference, status]) =>
      status === 'found' ? [] : [{ step, reference, status }],
    ),
  );
}

/** Rows listed on Errors and Discrepancies that no step of this run accounts for. */
export function foldedIn(run: RunState): Array<ItemOutcome & { list: string }> {
  const accounted = new Set(run.steps.flatMap((step) => step.failed.map((item) => item.reference)));
  return run.steps
    .filter((step) => step.phase === 'report')
    .flatMap((step) =>
      step.listed
        .filter((item) => !accounted.has(item.reference))
        .map((item) => ({ ...item, list: `${step.tab} → ${step.subTab}` })),
    );
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  // Formula-looking cells are prefixed so a spreadsheet shows them as text (CSV injection); a negative
  // amount, digits only, is no formula and stays a number.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-[\d.,]+$/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function runToCsv(run: RunState): string {
  const header = [
    'run started',
    'tab',
    'sub-tab',
    'step status',
    'item status',
    'reference',
    'contact',
    'date',
    'amount',
    'reason',
    'fix',
    'ledger',
  ];
  const started = new Date(run.startedAt).toISOString();
  const lines: Array<Array<string | number | null>> = [header];
  for (const step of run.steps) {
    const base = [
      started,
      step.tab,
      step.subTab,
      step.status === 'skipped' && step.startedAt === null ? 'not run' : STATUS_TEXT[step.status],
    ];
    for (const ref of step.synced) {
      const row = step.items?.[ref];
      lines.push([
        ...base,
        'synced',
        ref,
        row?.contact ?? '',
        row?.date ?? '',
        row?.amount ?? '',
        '',
        '',
        step.ledger?.[ref] ?? '',
      ]);
    }
    for (const item of step.failed) {
      // A failure known by its reference only (its result was never read) has its row as submitted.
      const row = item.contact || item.date || item.amount ? item : (step.items?.[item.reference] ?? item);
      lines.push([
        ...base,
        'failed',
        item.reference,
        row.contact,
        row.date,
        row.amount,
        item.reason,
        item.fix,
        '',
      ]);
    }
    for (const item of step.listed) {
      lines.push([
        ...base,
        'listed',
        item.reference,
        item.contact,
        item.date,
        item.amount,
        item.reason,
        item.fix,
        '',
      ]);
    }
    if (step.synced.length + step.failed.length + step.listed.length === 0) {
      lines.push([...base, '', '', '', '', '', step.message, null, '']);
    }
  }
  // With a byte-order mark: spreadsheet programs then read the file as UTF-8 (→, ’, accented names).
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
