/**
 * A run as plain data, and the reducer that moves it on. The background keeps the state in extension
 * storage and applies the content script's events to it; nothing here touches the page or storage.
 */
import { normaliseLabel } from '../omni/labels';
import type { Provider, VerifyStatus } from '../proxy-api';
import { fixFor } from './fixes';
import { type LayoutTab, type PlannedStep, planRun, stepId } from './planner';
import type { ItemOutcome, RowDetails, RunEvent, RunScope, StepStage, StepStatus } from './schemas';

/** `interrupted`: the tab or the browser running it went away mid-run; nothing of it is clicked again. */
export type RunStatus = 'running' | 'paused' | 'cancelling' | 'cancelled' | 'interrupted' | 'done';

export interface StepState extends PlannedStep {
  status: StepStatus;
  stage: StepStage;
  /** Items the list showed when the step first read it. */
  found: number;
  /** References submitted in this run, written before the upload is pressed. */
  submitted: string[];
  /** The page of a paged list the last upload was pressed on, when the pager said (null otherwise). */
  uploadPage?: number | null;
  synced: string[];
  /**
   * What each submitted row showed (contact, date, amount), by reference, for the report and the CSV of
   * synced items. (Absent in runs stored before.)
   */
  items?: Record<string, RowDetails>;
  failed: ItemOutcome[];
  /** Rows read by a report step (Errors, Discrepancies). */
  listed: ItemOutcome[];
  /**
   * References a ledger check left out: contacts the ledger already has, items in a locked period.
   * Never ticked in this run; each is in `failed` with its reason. (Absent in runs stored before.)
   */
  held?: string[];
  /** After the run: where each synced reference stands in the ledger, when it was checked. */
  ledger?: Record<string, VerifyStatus>;
  message: string | null;
  startedAt: number | null;
  endedAt: number | null;
}

/** The ledger checks of a run (made by the background through the proxy). */
export interface RunLedger {
  /** The lock date applied (YYYY-MM-DD); null when the ledger has none. Absent until asked. */
  lockDate?: string | null;
  /** The user chose to upload contacts the ledger already has, in this run. */
  uploadExisting?: boolean;
  /** Checks that did not happen, and why: shown with the run. */
  off?: Partial<Record<LedgerCheck, string>>;
  /** When the synced references were verified in the ledger. */
  verifiedAt?: number;
  /** The ledger organisation the checks read (chosen once per run). */
  connection?: { id: string; organisationName: string };
}
export type LedgerCheck = 'contacts' | 'lockDate' | 'verify';

export interface RunState {
  id: string;
  tabId: number;
  /**
   * The browser session the run was started in. Tab ids restart with the browser: a run of an earlier
   * session has no owner any more, whatever tab now carries its id.
   */
  session?: string;
  /**
   * Kept by the owning tab (in its session storage, across its page loads) and shown with every request
   * for work: a tab that carries the owner's id but not the token is not the owner.
   */
  ownerToken?: string;
  /** The token was handed to the owning tab; from then on a request without it is not the owner's. */
  tokenClaimed?: boolean;
  scope: RunScope;
  provider: Provider | null;
  status: RunStatus;
  pauseReason: string | null;
  layout: LayoutTab[];
  steps: StepState[];
  startedAt: number;
  endedAt: number | null;
  ledger?: RunLedger;
  /** The sub-tab the user was on when the run started: the tab is brought back to it after the run. */
  returnTo?: { tab: string; subTab: string };
  /** The owning tab took the way back (once). */
  returned?: boolean;
}

/** The reason given for references announced as submitting but never uploaded. */
export const NOT_SENT =
  'Not sent: the extension lost its answer just before the upload, so nothing was pressed. They can be sent in the next run.';

const ACTIVE: readonly RunStatus[] = ['running', 'paused', 'cancelling'];
export const isActiveRun = (run: RunState | null): boolean => run !== null && ACTIVE.includes(run.status);

function freshStep(step: PlannedStep): StepState {
  return {
    ...step,
    status: 'pending',
    stage: 'open',
    found: 0,
    submitted: [],
    synced: [],
    failed: [],
    listed: [],
    message: null,
    startedAt: null,
    endedAt: null,
  };
}

export function outcome(
  row: { reference: string; contact?: string; date?: string; amount?: string },
  reason: string,
): ItemOutcome {
  return {
    reference: row.reference,
    contact: row.contact ?? '',
    date: row.date ?? '',
    amount: row.amount ?? '',
    reason,
    fix: fixFor(reason),
  };
}

/**
 * The steps of a run of this scope: Smart Sync All's whole plan; a preview's lists that would send
 * (no revisits, no report reads); one sub-tab's step.
 */
export function planFor(scope: RunScope, layout: LayoutTab[], provider: Provider | null): PlannedStep[] {
  switch (scope.type) {
    case 'all':
      return planRun(layout, provider);
    case 'preview':
      return planRun(layout, provider).filter((step) => step.phase === 'contacts' || step.phase === 'sync');
    case 'subTab':
      return planRun([{ label: scope.tab, subTabs: [scope.subTab] }], provider).filter(
        (step) => step.phase !== 'revisit',
      );
  }
}

export function startRun(input: {
  id: string;
  tabId: number;
  scope: RunScope;
  provider: Provider | null;
  layout: LayoutTab[];
  now: number;
}): RunState {
  const planned = planFor(input.scope, input.layout, input.provider);
  return {
    id: input.id,
    tabId: input.tabId,
    scope: input.scope,
    provider: input.provider,
    status: 'running',
    pauseReason: null,
    layout: input.layout,
    steps: planned.map(freshStep),
    startedAt: input.now,
    endedAt: null,
  };
}

/** Re-plan after a tab showed its real sub-tabs: finished steps stay, pending ones follow the new plan. */
function replan(run: RunState, layout: LayoutTab[]): RunState {
  if (run.scope.type === 'subTab') return { ...run, layout };
  const byId = new Map(run.steps.map((step) => [step.id, step]));
  const steps = planFor(run.scope, layout, run.provider).map((planned) => {
    const existing = byId.get(planned.id);
    return existing
      ? { ...existing, expected: planned.expected, subTab: planned.subTab }
      : freshStep(planned);
  });
  // Steps no longer planned (documented, but absent from this dashboard) that already started stay in the report.
  const kept = run.steps.filter((step) => step.status !== 'pending' && !steps.some((s) => s.id === step.id));
  return { ...run, layout, steps: [...kept, ...steps] };
}

function updateStep(run: RunState, id: string, change: (step: StepState) => StepState): RunState {
  return { ...run, steps: run.steps.map((step) => (step.id === id ? change(step) : step)) };
}

function settledStatus(step: StepState): StepStatus {
  if (step.failed.length > 0) return step.synced.length > 0 ? 'partial' : 'failed';
  if (step.synced.length > 0) return 'synced';
  // Rows were listed but this step sent none: they had all been sent earlier in the run.
  return step.found === 0 || step.submitted.length === 0 ? 'nothing' : 'failed';
}

/** Items that went to Omni's Errors tab during the run: moved from synced to failed, with the reason. */
function foldErrors(run: RunState, errorsSubTab: string, listed: ItemOutcome[]): RunState {
  const key = normaliseLabel(errorsSubTab).key;
  const reasons = new Map(listed.map((item) => [item.reference, item]));
  return {
    ...run,
    steps: run.steps.map((step) => {
      if (step.phase === 'report' || normaliseLabel(step.subTab).key !== key) return step;
      const moved = step.synced.filter((ref) => reasons.has(ref));
      if (moved.length === 0) return step;
      const next = {
        ...step,
        synced: step.synced.filter((ref) => !reasons.has(ref)),
        failed: [...step.failed, ...moved.map((ref) => reasons.get(ref)!)],
      };
      return { ...next, status: settledStatus(next) };
    }),
  };
}

/** Submitted in a step, but neither seen gone nor seen failed. */
function unresolved(step: StepState): string[] {
  return step.submitted.filter(
    (ref) => !step.synced.includes(ref) && !step.failed.some((f) => f.reference === ref),
  );
}

export function finishIfDone(run: RunState, now: number): RunState {
  if (
    run.status === 'running' &&
    run.steps.every((step) => step.status !== 'pending' && step.status !== 'active')
  ) {
    return { ...run, status: 'done', endedAt: now };
  }
  return run;
}

export function applyEvent(run: RunState, event: RunEvent, now: number): RunState {
  switch (event.type) {
    case 'discovered': {
      const layout: LayoutTab[] = event.tabs.map((label) => {
        const before = run.layout.find((tab) => normaliseLabel(tab.label).key === normaliseLabel(label).key);
        const isThis = normaliseLabel(label).key === normaliseLabel(event.tab).key;
        return { label, subTabs: isThis ? event.subTabs : (before?.subTabs ?? null) };
      });
      return replan(run, layout);
    }
    case 'stepStarted':
      return updateStep(run, event.stepId, (step) =>
        step.status === 'pending' ? { ...step, status: 'active', startedAt: now } : step,
      );
    case 'stage':
      return updateStep(run, event.stepId, (step) => ({ ...step, stage: event.stage }));
    case 'submitting':
      return updateStep(run, event.stepId, (step) => {
        const submitted = [...step.submitted, ...event.refs.filter((ref) => !step.submitted.includes(ref))];
        const refs = new Set(event.refs);
        const items = { ...step.items };
        for (const { reference, contact, date, amount } of event.items ?? [])
          if (refs.has(reference)) items[reference] = { contact, date, amount };
        return {
          ...step,
          stage: 'uploading',
          found: Math.max(step.found, submitted.length),
          submitted,
          uploadPage: event.page ?? null,
          ...(event.items ? { items } : {}),
        };
      });
    case 'listed':
      return updateStep(run, event.stepId, (step) => {
        const known = new Set(step.listed.map((item) => item.reference));
        return {
          ...step,
          listed: [...step.listed, ...event.items.filter((item) => !known.has(item.reference))],
        };
      });
    case 'heldBack':
      return updateStep(run, event.stepId, (step) => {
        const held = step.held ?? [];
        const items = event.items.filter((item) => !held.includes(item.reference));
        return {
          ...step,
          held: [...held, ...items.map((item) => item.reference)],
          failed: [...step.failed, ...items],
        };
      });
    case 'verified':
      return updateStep(run, event.stepId, (step) => ({
        ...step,
        stage: 'open',
        synced: [...step.synced, ...event.synced.filter((ref) => !step.synced.includes(ref))],
        failed: [...step.failed.filter((item) => !event.synced.includes(item.reference)), ...event.failed],
      }));
    case 'stepFinished': {
      const notSent = new Set(event.notSent ?? []);
      let next = updateStep(run, event.stepId, (step) => {
        const merged: StepState = {
          ...step,
          submitted: step.submitted.filter((ref) => !notSent.has(ref)),
          found: event.found ?? step.found,
          listed: event.listed ?? step.listed,
          failed: [...step.failed, ...(event.failed ?? [])],
          message: event.message ?? step.message,
          endedAt: now,
        };
        return { ...merged, status: event.status ?? settledStatus(merged) };
      });
      const step = next.steps.find((candidate) => candidate.id === event.stepId);
      if (step?.phase === 'report' && normaliseLabel(step.tab).key === 'errors') {
        next = foldErrors(next, step.subTab, step.listed);
      }
      return finishIfDone(next, now);
    }
    case 'blocked': {
      let next: RunState = {
        ...run,
        status: run.status === 'running' ? 'paused' : run.status,
        pauseReason: event.reason,
      };
      const active = run.steps.find((step) => step.status === 'active');
      if (event.uploadFailed && active?.stage === 'uploading') {
        next = updateStep(next, active.id, (step) => ({
          ...step,
          stage: 'open',
          failed: [
            ...step.failed,
            ...unresolved(step).map((ref) => outcome({ reference: ref }, event.reason)),
          ],
          status: 'failed',
          message: event.reason,
          endedAt: now,
        }));
      }
      return next;
    }
    case 'unblocked':
      return run.status === 'paused'
        ? finishIfDone({ ...run, status: 'running', pauseReason: null }, now)
        : run;
  }
}

export function cancelRun(run: RunState, now: number): RunState {
  if (!isActiveRun(run) || run.status === 'cancelling') return run;
  const midStep = run.steps.some((step) => step.status === 'active');
  if (midStep && run.status === 'running') return { ...run, status: 'cancelling' };
  return stopCancelled(run, now);
}

/** What a stopped run says of its steps: one set of words for a cancel, one for an interruption. */
interface StopWords {
  /** A step that had not started. */
  notRun: string;
  /** Items submitted in the step it stopped in, whose result was not read. */
  unread: string;
  /** The step it stopped in, when it had sent nothing. */
  untouched: string;
  /** The step it stopped in, when it had sent something. */
  during: string;
  /** Whether a message the step already had stays (a cancel) or gives way to these words. */
  keepMessages: boolean;
}

/** Ends every step where it stood: nothing is sent again, what was sent but not read is listed. */
function stopSteps(steps: StepState[], now: number, words: StopWords): StepState[] {
  const said = (step: StepState, text: string) => (words.keepMessages ? (step.message ?? text) : text);
  return steps.map((step) => {
    if (step.status === 'pending')
      return { ...step, status: 'skipped', message: said(step, words.notRun), endedAt: now };
    if (step.status !== 'active') return step;
    const failed = [
      ...step.failed,
      ...unresolved(step).map((ref) => outcome({ reference: ref }, words.unread)),
    ];
    const next = { ...step, failed, endedAt: step.endedAt ?? now };
    const untouched = next.synced.length === 0 && failed.length === 0;
    return {
      ...next,
      status: untouched ? 'skipped' : settledStatus(next),
      message: said(step, untouched ? words.untouched : words.during),
    };
  });
}

/** The run stops: what had not started is skipped, and said so. */
export function stopCancelled(run: RunState, now: number): RunState {
  const steps = stopSteps(run.steps, now, {
    notRun: 'Cancelled before this step ran.',
    unread:
      'The run stopped before Omni’s answer was read. These items were submitted and not sent again: check them.',
    untouched: 'Cancelled before this step uploaded anything.',
    during: 'Stopped during this step.',
    keepMessages: true,
  });
  return { ...run, status: 'cancelled', endedAt: now, steps };
}

/**
 * The tab or the browser running the run went away: the run ends where it stood. Nothing of it is
 * clicked again; what was submitted but not read back is listed for the user to check in Omni.
 */
export function interruptRun(run: RunState, reason: string, now: number): RunState {
  const steps = stopSteps(run.steps, now, {
    notRun: 'Not run.',
    unread:
      'Submitted — check them in Omni: the run was interrupted before Omni’s answer was read, and they were not sent again.',
    untouched: 'Interrupted before this step uploaded anything.',
    during: 'Interrupted during this step.',
    keepMessages: false,
  });
  return { ...run, status: 'interrupted', pauseReason: reason, endedAt: now, steps };
}

/** The step the owning tab should work on now, if any. */
export function currentStep(run: RunState): StepState | null {
  if (run.status !== 'running') return null;
  return (
    run.steps.find((step) => step.status === 'active') ??
    run.steps.find((s) => s.status === 'pending') ??
    null
  );
}

/** Every reference a ledger check left out in this run for a sub-tab (a revisit leaves them out too). */
export function heldFor(run: RunState, subTab: string): Set<string> {
  const key = normaliseLabel(subTab).key;
  return new Set(
    run.steps.filter((step) => normaliseLabel(step.subTab).key === key).flatMap((step) => step.held ?? []),
  );
}

/** Every reference already submitted in this run for a sub-tab (a revisit must not send them again). */
export function submittedFor(run: RunState, subTab: string): Set<string> {
  const key = normaliseLabel(subTab).key;
  return new Set(
    run.steps.filter((step) => normaliseLabel(step.subTab).key === key).flatMap((step) => step.submitted),
  );
}

export { stepId };
