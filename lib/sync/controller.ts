/**
 * The background's side of a run: one run at a time across tabs and windows, every event applied to the
 * stored state under a lock, the next step handed to the owning tab, finished runs kept in history.
 */
import { withRunLock } from '../lock';
import { normaliseLabel } from '../omni/labels';
import type { PageSnapshot } from '../snapshots';
import {
  activeRunItem,
  browserSessionItem,
  layoutItem,
  proxyStateItem,
  runHistoryItem,
  timeoutsItem,
} from '../storage';
import type { StepWork, Timeouts } from './executor';
import type { LayoutTab } from './planner';
import { REFILLED_BY } from './planner';
import {
  applyEvent,
  cancelRun,
  currentStep,
  finishIfDone,
  heldFor,
  interruptRun,
  isActiveRun,
  type RunState,
  startRun,
  stopCancelled,
  submittedFor,
} from './run';
import type { RunEvent, RunScope } from './schemas';

const HISTORY_LIMIT = 20;

const locked = withRunLock;

async function save(run: RunState): Promise<RunState> {
  await activeRunItem.setValue(run);
  // A preview sent nothing: it is shown until the next run, and kept out of the history.
  if (!isActiveRun(run) && run.scope.type !== 'preview') {
    const history = await runHistoryItem.getValue();
    const kept = history.findIndex((past) => past.id === run.id);
    if (kept === -1) await runHistoryItem.setValue([run, ...history].slice(0, HISTORY_LIMIT));
    // Learnt after the run ended (its ledger verification): the history keeps it too.
    else if (JSON.stringify(history[kept]) !== JSON.stringify(run))
      await runHistoryItem.setValue(history.map((past) => (past.id === run.id ? run : past)));
  }
  return run;
}

/** Changes the stored run, if it is still the one named; returns it as saved (null if it is gone). */
export function updateRun(runId: string, change: (run: RunState) => RunState) {
  return locked(async () => {
    const run = await activeRunItem.getValue();
    return run?.id === runId ? save(change(run)) : null;
  });
}

/** This browser session's id (see browserSessionItem); made on first use. Call under the run lock. */
async function currentSession(): Promise<string> {
  const known = await browserSessionItem.getValue();
  if (known) return known;
  const made = crypto.randomUUID();
  await browserSessionItem.setValue(made);
  return made;
}

export const ORPHANED =
  'The browser or the tab running the sync went away before it finished. Nothing more was clicked.';

/** Whether the run was started in this browser session (runs stored before sessions were kept count as so). */
async function ofThisSession(run: RunState, known?: string | null): Promise<boolean> {
  return run.session === undefined || run.session === (known ?? (await currentSession()));
}

/** Whether the tab that started the run is still there, in this browser session. */
async function ownerAlive(run: RunState): Promise<boolean> {
  if (!(await ofThisSession(run))) return false;
  return browser.tabs.get(run.tabId).then(
    (tab) => Boolean(tab),
    () => false,
  );
}

/** An active run whose owner is gone is closed as interrupted; returns the run as it stands after. */
async function settleOrphan(run: RunState | null, now: number): Promise<RunState | null> {
  if (!run || !isActiveRun(run) || (await ownerAlive(run))) return run;
  return save(interruptRun(run, ORPHANED, now));
}

/** On browser start: a run still marked active was started by the browser that closed. */
export function interruptOrphanedRun(now = Date.now()) {
  return locked(async () => settleOrphan(await activeRunItem.getValue(), now));
}

export type StartResult = {
  started: boolean;
  run: RunState | null;
  message: string;
  /** For the tab that started the run: the token it shows when asking for work (RunState.ownerToken). */
  token?: string;
};

export function startOrJoin(tabId: number, scope: RunScope, page: PageSnapshot | null, now = Date.now()) {
  return locked(async (): Promise<StartResult> => {
    const current = await settleOrphan(await activeRunItem.getValue(), now);
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
    const returnTo =
      scope.type !== 'subTab' && page.activeTab && page.activeSubTab
        ? { tab: page.activeTab, subTab: page.activeSubTab }
        : undefined;
    const run: RunState = {
      ...startRun({ id: `run-${now}`, tabId, scope, provider: page.provider, layout, now }),
      returnTo,
      session: await currentSession(),
      ownerToken: crypto.randomUUID(),
      tokenClaimed: false,
    };
    return { started: true, run: await save(run), message: 'Run started.', token: run.ownerToken };
  });
}

/**
 * Applies a tab's events in order. A step's end is answered with the next work as well, from the same
 * state under the same lock: the tab goes on without asking again.
 */
export function applyRunEvent(tabId: number, events: RunEvent | RunEvent[], now = Date.now()) {
  return locked(async (): Promise<{ proceed: boolean; next?: Work }> => {
    const [run, timeouts, proxy] = await Promise.all([
      activeRunItem.getValue(),
      timeoutsItem.getValue(),
      proxyStateItem.getValue(),
    ]);
    if (!run || run.tabId !== tabId || !isActiveRun(run)) return { proceed: false };
    const list = Array.isArray(events) ? events : [events];
    const next = list.reduce((state, event) => applyEvent(state, event, now), run);
    // A gate that changes nothing is answered without a write (and without waking every view).
    const saved = JSON.stringify(next) !== JSON.stringify(run) ? await save(next) : next;
    if (list.at(-1)?.type !== 'stepFinished' || saved.status !== 'running')
      return { proceed: saved.status === 'running' };
    return { proceed: true, next: await workFor(saved, now, timeouts, proxy.state === 'ok') };
  });
}

/** A step comes with the owner's token, which the tab keeps for its later requests. */
export type Work = { type: 'step'; work: StepWork; token?: string } | { type: 'idle' } | { type: 'observe' };

export const NOT_OWNER =
  'The tab running the sync was replaced (its page no longer carries the run). Nothing more was clicked.';

/**
 * What a tab should do now. `token`: the one the tab keeps from its run (null if it has none). The tab
 * carrying the owner's id is the owner only with the token, or, before anyone claimed it, without one
 * (a run started by the keyboard shortcut hands it out this way).
 */
export function nextWork(tabId: number, onDashboard = false, now = Date.now(), token: string | null = null) {
  return locked(async (): Promise<Work> => {
    // Everything the answer may need, in one round of reads: a freshly loaded page waits for it.
    let [run, timeouts, proxy, session] = await Promise.all([
      activeRunItem.getValue(),
      timeoutsItem.getValue(),
      proxyStateItem.getValue(),
      browserSessionItem.getValue(),
    ]);
    if (!run || !isActiveRun(run)) return { type: 'idle' };
    if (run.tabId !== tabId) {
      const settled = await settleOrphan(run, now);
      return settled && isActiveRun(settled) ? { type: 'observe' } : { type: 'idle' };
    }
    if (!(await ofThisSession(run, session))) {
      await save(interruptRun(run, ORPHANED, now));
      return { type: 'idle' };
    }
    if (run.ownerToken !== undefined && token !== run.ownerToken) {
      if (token !== null || run.tokenClaimed) {
        await save(interruptRun(run, NOT_OWNER, now));
        return { type: 'idle' };
      }
      run = await save({ ...run, tokenClaimed: true });
    }
    // The owning tab is back on the dashboard after a pause for an unknown page (login, error page).
    if (run.status === 'paused' && onDashboard) run = await save(applyEvent(run, { type: 'unblocked' }, now));
    return workFor(run, now, timeouts, proxy.state === 'ok');
  });
}

/**
 * The owning tab's next step, settling on the way what needs no tab (a cancel, revisits with nothing to
 * do). `proxyAnswered`: the proxy answered at its last check, so a step asks for the ledger checks.
 */
async function workFor(
  start: RunState,
  now: number,
  timeouts: Timeouts,
  proxyAnswered: boolean,
): Promise<Work> {
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
    // The ledger checks are asked for only when the proxy answered at the last check: without it, a step
    // spends no round trip on them (the run says which checks were off, and why).
    const readOnly = run.scope.type === 'preview';
    const screen = step.phase !== 'report' && !readOnly && proxyAnswered;
    return {
      type: 'step',
      work: {
        step,
        submitted: [...submittedFor(run, step.subTab)],
        held: [...heldFor(run, step.subTab)],
        screen,
        timeouts,
        knownSubTabs: known?.subTabs ?? null,
        readOnly,
      },
      token: run.ownerToken,
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

/**
 * The owning tab, once its run has ended: the sub-tab to go back to, handed out once (a page load on the
 * way back does not start it again). Null when there is none, or the asker is not the run's owner.
 */
export function claimReturn(tabId: number, token: string | null) {
  return locked(async () => {
    const run = await activeRunItem.getValue();
    if (!run?.returnTo || run.returned || isActiveRun(run) || run.status === 'interrupted') return null;
    if (run.tabId !== tabId || (run.ownerToken !== undefined && token !== run.ownerToken)) return null;
    await save({ ...run, returned: true });
    return run.returnTo;
  });
}

export function cancelActiveRun(now = Date.now()) {
  return locked(async () => {
    // A run whose owner is gone cannot wait for it to stop: it ends here.
    const run = await settleOrphan(await activeRunItem.getValue(), now);
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
    await save(interruptRun(run, 'The dashboard tab running the sync was closed.', now));
  });
}
