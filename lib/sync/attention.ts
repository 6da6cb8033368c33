/**
 * A finished run's report in the order a person acts on it: what needs attention, grouped by what to do
 * about it (link a contact, fix an account code…), each item with where it is and Omni's reason.
 */
import { actionFor, type FixAction } from './fixes';
import { foldedIn, ledgerProblems, runTotals } from './report';
import type { RunState, StepState } from './run';
import type { ItemOutcome } from './schemas';

/** `ledger`: synced, but the ledger has it not once; `stopped`: a list the run could not work through. */
export type AttentionKind = FixAction | 'ledger' | 'stopped';

export interface AttentionItem extends ItemOutcome {
  tab: string;
  subTab: string;
}

export interface AttentionGroup {
  kind: AttentionKind;
  title: string;
  items: AttentionItem[];
}

const ORDER: readonly AttentionKind[] = [
  'ledger',
  'check-omni',
  'link-contact',
  'account-code',
  'journal',
  'locked-period',
  'currency',
  'reconnect',
  'zero-value',
  'other',
  'stopped',
];

const TITLES: Record<AttentionKind, (ledger: string) => string> = {
  ledger: (ledger) => `Check in ${ledger}`,
  'check-omni': () => 'Check in Omni',
  'link-contact': () => 'Link a contact',
  'account-code': () => 'Fix an account code',
  journal: () => 'Correct a journal',
  'locked-period': () => 'Locked period',
  currency: () => 'Add a currency',
  reconnect: () => 'Reconnect Omni to the ledger',
  'zero-value': () => 'Zero-value items',
  other: () => 'Read Omni’s reason',
  stopped: () => 'Lists the run could not finish',
};

/** A step that stopped on its own (a missing control, a list that never loaded), not one never reached. */
function stoppedOnItsOwn(step: StepState): boolean {
  if (step.phase === 'report' || step.failed.length > 0 || !step.message) return false;
  return step.status === 'failed' || (step.status === 'skipped' && step.startedAt !== null);
}

const LEDGER_TEXT = {
  missing: (ledger: string) =>
    `Omni reported it synced, but ${ledger} has no such document. Look for it on Omni’s Errors tab, or sync it again.`,
  duplicate: (ledger: string) =>
    `${ledger} has it more than once. Void or delete the extra copy in ${ledger}.`,
};

export function needsAttention(run: RunState, ledgerName = 'the ledger'): AttentionGroup[] {
  const groups = new Map<AttentionKind, AttentionItem[]>();
  const add = (kind: AttentionKind, item: AttentionItem) => {
    const items = groups.get(kind) ?? [];
    groups.set(kind, [...items, item]);
  };
  for (const { step, reference, status } of ledgerProblems(run)) {
    add('ledger', {
      tab: step.tab,
      subTab: step.subTab,
      reference,
      contact: '',
      date: '',
      amount: '',
      reason: status === 'missing' ? `Not in ${ledgerName}.` : `In ${ledgerName} more than once.`,
      fix: LEDGER_TEXT[status](ledgerName),
    });
  }
  for (const step of run.steps) {
    if (step.phase === 'report') continue;
    for (const item of step.failed)
      add(actionFor(item.reason), { ...item, tab: step.tab, subTab: step.subTab });
    if (stoppedOnItsOwn(step)) {
      add('stopped', {
        tab: step.tab,
        subTab: step.subTab,
        reference: '',
        contact: '',
        date: '',
        amount: '',
        reason: step.message ?? '',
        fix: null,
      });
    }
  }
  for (const item of foldedIn(run)) {
    const [tab = '', subTab = ''] = item.list.split(' → ');
    add(actionFor(item.reason), { ...item, tab, subTab });
  }
  return ORDER.filter((kind) => groups.has(kind)).map((kind) => ({
    kind,
    title: TITLES[kind](ledgerName),
    items: groups.get(kind)!,
  }));
}

export interface ReportHeadline {
  synced: number;
  /** Items (and stopped lists) that need a person. */
  attention: number;
  /** Synced items the ledger was not asked about (checks off, or the run not verified yet). */
  notChecked: number;
}

export function reportHeadline(run: RunState, groups = needsAttention(run)): ReportHeadline {
  const { synced } = runTotals(run);
  const checked = run.steps.reduce(
    (sum, step) => sum + step.synced.filter((ref) => step.ledger?.[ref] !== undefined).length,
    0,
  );
  return {
    synced,
    attention: groups.reduce((sum, group) => sum + group.items.length, 0),
    notChecked: synced - checked,
  };
}

/** What a run is called in its headline and its notification. */
export function scopeName(scope: RunState['scope']): string {
  switch (scope.type) {
    case 'all':
      return 'Smart Sync All';
    case 'preview':
      return 'Preview';
    case 'subTab':
      return `Sync of ${scope.tab} → ${scope.subTab}`;
  }
}
