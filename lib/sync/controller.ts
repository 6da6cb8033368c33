/**
 * The background's side of a run: one run at a time across tabs and windows, every event applied to the
 * stored state under a lock, the next step handed to the owning tab, finished runs kept in history.
 */
import { withRunLock } from '../lock';
import { normaliseLabel } from '../omni/labels';
import type { PageSnapshot } from '../snapshots';
import { activeRunItem, layoutItem, runHistoryItem, timeoutsItem } from '../storage';
import type { StepWork, Timeouts } from './executor';
import type { LayoutTab } from './planner';
import { REFILLED_BY } from './planner';
import {
  applyEvent,
  cancelRun,
  currentStep,
  finishIfDone,
  isActiveRun,
  type RunEvent,
  type RunScope,
  type RunState,
  startRun,
  stopCancelled,
  submittedFor,
} from './run';

const HISTORY_LIMIT = 20;

const locked = withRunLock;

async function save(run: RunState): Promise<RunState> {
  await activeRunItem.setValue(run);
  if (!isActiveRun(run)) {
    const history = await runHistoryItem.getValue();
    if (!history.some((past) => past.id === run.id)) {
      await runHistoryItem.setValue([run, ...history].slice(0, HISTORY_LIMIT));
    }
  }
  return run;
}

export type StartResult = { started: boolean; run: RunState | null; message: string };

export function startOrJoin(tabId: number, scope: RunScope, page: PageSnapshot | null, now = Date.now()) {
  return locked(async (): Promise<StartResult> => {
    const current = await activeRunItem.getValue();
    if (current && isActiveRun(current)) {
      const where = current.tabId === tabId ? 'in this tab' : 'in another tab';
      return {
        started: false,
        run: current,
        message: `A run is already in progress ${where}; following it.`,
      };
    }
    if (page?.kind !== 'dashboard') {
      return { started: false, run: current, message: 'Open the Accounting Dashboard (V2) to sync.' };
    }
    if (!page.provider) {
      return {
        started: false,
        run: current,
        message: 'The dashboard names no provider; nothing will be clicked.',
      };
    }
    const memory = (await layoutItem.getValue())[page.provider] ?? {};
    const layout: LayoutTab[] = page.tabs.map((tab) => ({
      label: tab.label,
      subTabs: tab.active
        ? page.subTabs.map((sub) => sub.label)
        : (memory[tab.key]?.subTabs.map((s) => s.label) ?? null),
    }));
    const run = startRun({ id: `run-${now}`, tabId, scope, provider: page.provider, layout, now });
    return { started: true, run: await save(run), message: 'Run started.' };
  });
}

/**
 * Applies a tab's events in order. A step's end is answered with the next work as well, from the same
 * state under the same lock: the tab goes on without asking again.
 */
export function applyRunEvent(tabId: number, events: RunEvent | RunEvent[], now = Date.now()) {
  return locked(async (): Promise<{ proceed: boolean; next?: Work }> => {
    const [run, timeouts] = await Promise.all([activeRunItem.getValue(), timeoutsItem.getValue()]);
    if (!run || run.tabId !== tabId || !isActiveRun(run)) return { proceed: false };
    const list = Array.isArray(events) ? events : [events];
    const next = list.reduce((state, event) => applyEvent(state, event, now), run);
    // A gate that changes nothing is answered without a write (and without waking every view).
    const saved = JSON.stringify(next) !== JSON.stringify(run) ? await save(next) : next;
    if (list.at(-1)?.type !== 'stepFinished' || saved.status !== 'running')
      return { proceed: saved.status === 'running' };
    return { proceed: true, next: await workFor(saved, now, timeouts) };
  });
}

export type Work = { type: 'step'; work: StepWork } | { type: 'idle' } | { type: 'observe' };

export function nextWork(tabId: number, onDashboard = false, now = Date.now()) {
  return locked(async (): Promise<Work> => {
    // Read together: this answer is what a freshly loaded page waits for before its first click.
    let [run, timeouts] = await Promise.all([activeRunItem.getValue(), timeoutsItem.getValue()]);
    if (!run || !isActiveRun(run)) return { type: 'idle' };
    if (run.tabId !== tabId) return { type: 'observe' };
    // The owning tab is back on the dashboard after a pause for an unknown page (login, error page).
    if (run.status === 'paused' && onDashboard) run = await save(applyEvent(run, { type: 'unblocked' }, now));
    return workFor(run, now, timeouts);
  });
}

/** The owning tab's next step, settling on the way what needs no tab (a cancel, revisits with nothing to do). */
async function workFor(start: RunState, now: number, timeouts: Timeouts): Promise<Work> {
  let run = start;
  if (run.status === 'cancelling') {
    await save(stopCancelled(run, now));
    return { type: 'idle' };
  }
  for (;;) {
    const step = currentStep(run);
    if (!step) {
      if (run.status === 'running') await save(finishIfDone(run, now));
      return { type: 'idle' };
    }
    if (step.phase === 'revisit' && step.status === 'pending' && !dependencySynced(run, step.subTab)) {
      run = await save(
        applyEvent(
          run,
          {
            type: 'stepFinished',
            stepId: step.id,
            status: 'skipped',
            message: 'Nothing synced earlier in this run could refill this list.',
          },
          now,
        ),
      );
      continue;
    }
    const known = run.layout.find((tab) => normaliseLabel(tab.label).key === normaliseLabel(step.tab).key);
    return {
      type: 'step',
      work: {
        step,
        submitted: [...submittedFor(run, step.subTab)],
        timeouts,
        knownSubTabs: known?.subTabs ?? null,
      },
    };
  }
}

function dependencySynced(run: RunState, subTab: string): boolean {
  const dependencies = REFILLED_BY[normaliseLabel(subTab).key] ?? [];
  return run.steps.some(
    (step) =>
      step.phase === 'sync' &&
      dependencies.includes(normaliseLabel(step.subTab).key) &&
      step.synced.length > 0,
  );
}

export function cancelActiveRun(now = Date.now()) {
  return locked(async () => {
    const run = await activeRunItem.getValue();
    return run ? save(cancelRun(run, now)) : null;
  });
}

/** Only the owning tab resumes: it is the one that will do the clicking. */
export function resumeActiveRun(tabId: number) {
  return locked(async () => {
    const run = await activeRunItem.getValue();
    return run && run.tabId === tabId ? save(applyEvent(run, { type: 'unblocked' }, Date.now())) : null;
  });
}

/** The owning tab went away: the run stops, and says so; nothing pending is clicked later by surprise. */
export function ownerTabClosed(tabId: number, now = Date.now()) {
  return locked(async () => {
    const run = await activeRunItem.getValue();
    if (!run || run.tabId !== tabId || !isActiveRun(run)) return;
    await save({ ...stopCancelled(run, now), pauseReason: 'The dashboard tab running the sync was closed.' });
  });
}
