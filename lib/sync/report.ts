/** The run's report: per sub-tab figures, and the CSV export of a run. */
import type { ItemOutcome, RunState, StepState } from './run';

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
  };
}

export function runTotals(run: RunState) {
  const syncing = run.steps.filter((step) => step.phase !== 'report');
  return {
    steps: syncing.length,
    done: syncing.filter((step) => step.status !== 'pending' && step.status !== 'active').length,
    synced: syncing.reduce((sum, step) => sum + step.synced.length, 0),
    failed: syncing.reduce((sum, step) => sum + step.failed.length, 0),
  };
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
  // Formula-looking cells are prefixed so a spreadsheet shows them as text (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
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
  ];
  const started = new Date(run.startedAt).toISOString();
  const lines: Array<Array<string | number | null>> = [header];
  for (const step of run.steps) {
    const base = [started, step.tab, step.subTab, step.status];
    for (const ref of step.synced) lines.push([...base, 'synced', ref, '', '', '', '', '']);
    for (const item of step.failed) {
      lines.push([
        ...base,
        'failed',
        item.reference,
        item.contact,
        item.date,
        item.amount,
        item.reason,
        item.fix,
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
      ]);
    }
    if (step.synced.length + step.failed.length + step.listed.length === 0) {
      lines.push([...base, '', '', '', '', '', step.message, null]);
    }
  }
  return `${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
