/**
 * The content script's hands for one step: open the sub-tab, wait for the list, tick, press the one
 * upload control the list's kind calls for, wait for Omni, read again. Every click is preceded by an
 * event the background must accept (it persists what is about to be submitted before the click), so a
 * cancelled run stops before its next click and a page load never leads to a second upload.
 */
import {
  findControl,
  findDialogConfirm,
  findSelectAll,
  findTabElement,
  isBusy,
  type ListReading,
  type ListRow,
  normaliseLabel,
  pageSignature,
  readList,
  readMessage,
  readPage,
  readTabStrips,
  rowTickBoxes,
  type TabStrips,
  WaitTimeoutError,
  waitFor,
} from '../omni';
import { clickElement } from '../omni/click';
import { type ItemOutcome, outcome, type RunEvent, type StepState } from './run';

export interface Timeouts {
  /** Opening a tab or sub-tab. */
  openMs: number;
  /** A list becoming ready (no progress overlay; rows or an empty message). */
  readyMs: number;
  /** Omni finishing an upload. */
  uploadMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { openMs: 30_000, readyMs: 60_000, uploadMs: 180_000 };

export interface StepBridge {
  /** Applies the event to the run in the background; `proceed` false means stop before the next click. */
  report(event: RunEvent): Promise<{ proceed: boolean }>;
}

export interface StepWork {
  step: StepState;
  /** Every reference of this sub-tab already submitted in this run (revisits upload only the rest). */
  submitted: string[];
  timeouts: Timeouts;
  /** The step's tab's sub-tabs as the run knows them; a reading that differs is reported. */
  knownSubTabs?: string[] | null;
}

/** A step that cannot go on; the reason is shown in the report as is. */
class StepStop extends Error {
  constructor(
    message: string,
    readonly status: 'failed' | 'skipped' = 'failed',
  ) {
    super(message);
  }
}

/** At most this many upload rounds per step: a paged list refills page one after each round. */
const MAX_ROUNDS = 50;
const same = (a: string | null | undefined, b: string) =>
  normaliseLabel(a ?? '').key === normaliseLabel(b).key;

export async function executeStep(doc: Document, work: StepWork, bridge: StepBridge): Promise<void> {
  const { step, timeouts } = work;
  const id = step.id;
  // The background handed this step out just now, which answers the first "may I click?" of this page;
  // a stage change still goes through, since it must be stored before its click.
  let answered = true;
  const gate = async (event: RunEvent) => {
    const unchanged = event.type === 'stage' && event.stage === step.stage;
    if (answered && unchanged) {
      answered = false;
      return;
    }
    answered = false;
    if (!(await bridge.report(event)).proceed)
      throw new StepStop('Cancelled before the next click.', 'skipped');
  };
  // A step resumed after a page load is already active: no need to say so again.
  if (step.status !== 'active') await bridge.report({ type: 'stepStarted', stepId: id });
  const seen = new Set<string>();
  /** Submitted in this step but not yet read back: what a timeout leaves undecided. */
  let unverified: string[] = [];
  try {
    const submitted = new Set([...work.submitted, ...step.submitted]);
    if (step.stage === 'uploading' || step.stage === 'verify') {
      // The upload's own confirm dialog, drawn by the page load the upload caused (postback pages).
      if (findDialogConfirm(doc)) {
        await waitAfterClick(doc, pageSignature(doc), timeouts.uploadMs, 'Omni to finish the upload', () =>
          gate({ type: 'stage', stepId: id, stage: 'uploading' }),
        );
      }
      // A page load interrupted an upload: read what the step's list shows now; never press upload again.
      const pending = step.submitted.filter(
        (ref) => !step.synced.includes(ref) && !step.failed.some((item) => item.reference === ref),
      );
      await openSubTab(doc, work, gate, bridge);
      await verifyRound(doc, id, pending, [], timeouts, bridge, 'The page reloaded during the upload; ');
    }
    await openSubTab(doc, work, gate, bridge);
    if (step.phase === 'report') {
      const list = await waitReady(doc, timeouts);
      const listed = list.rows.map((row) => outcome(row, row.error || row.warning));
      await bridge.report({
        type: 'stepFinished',
        stepId: id,
        found: list.rows.length,
        status: 'read',
        listed,
      });
      return;
    }
    // Refresh Data once, before the one Update All of this run (not again when resuming after it).
    if (step.kind === 'cogs' && step.stage !== 'refreshing' && step.submitted.length === 0) {
      const refresh = requireControl(doc, 'Refresh Data');
      await gate({ type: 'stage', stepId: id, stage: 'refreshing' });
      const before = pageSignature(doc);
      clickElement(refresh);
      await waitAfterClick(doc, before, timeouts.uploadMs, 'Omni to refresh the COGS data');
    }
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const list = await waitReady(doc, timeouts);
      for (const row of list.rows) seen.add(row.reference);
      const fresh = list.rows.filter((row) => !submitted.has(row.reference));
      // COGS is one journal a month: Update All once per run, never again.
      if (fresh.length === 0 || (step.kind === 'cogs' && round > 0)) break;
      const { control, all } = chooseControl(step, list, fresh);
      const button = requireControl(doc, control);
      if (step.kind !== 'cogs')
        await tick(doc, all, new Set(fresh.map((row) => row.reference)), timeouts, gate, id);
      const refs = fresh.map((row) => row.reference);
      await gate({ type: 'submitting', stepId: id, refs });
      for (const ref of refs) submitted.add(ref);
      unverified = refs;
      const before = pageSignature(doc);
      clickElement(button);
      await waitAfterClick(doc, before, timeouts.uploadMs, `Omni to finish "${control}"`, () =>
        gate({ type: 'stage', stepId: id, stage: 'uploading' }),
      );
      await verifyRound(doc, id, refs, fresh, timeouts, bridge, '');
      unverified = [];
      if (step.kind === 'contacts' || step.kind === 'upload-ticked' || step.kind === 'transactions') continue;
    }
    await bridge.report({ type: 'stepFinished', stepId: id, found: seen.size });
  } catch (error) {
    const stop =
      error instanceof StepStop
        ? error
        : error instanceof WaitTimeoutError
          ? new StepStop(
              unverified.length > 0
                ? `${error.message} The upload may still finish in Omni; its items were not sent again. Check them after the run.`
                : error.message,
            )
          : new StepStop(`Unexpected problem: ${error instanceof Error ? error.message : String(error)}`);
    await bridge.report({
      type: 'stepFinished',
      stepId: id,
      found: seen.size || undefined,
      status: unverified.length > 0 ? 'failed' : stop.status,
      failed: unverified.map((reference) => outcome({ reference }, stop.message)),
      message: stop.message,
    });
  }
}

function chooseControl(
  step: StepState,
  list: ListReading,
  fresh: ListRow[],
): { control: string; all: boolean } {
  const all = fresh.length === list.rows.length;
  switch (step.kind) {
    case 'cogs':
      return { control: 'Update All', all: true };
    case 'contacts':
    case 'upload-ticked':
      return { control: 'Upload', all };
    default:
      // Upload All sends every row shown; once some rows were submitted, only the rest go, ticked.
      return { control: all ? 'Upload All' : 'Upload Selected', all };
  }
}

function requireControl(doc: Document, label: string): HTMLElement {
  const found = findControl(doc, label);
  if (!found.ok) throw new StepStop(found.reason);
  return found.element;
}

async function openSubTab(
  doc: Document,
  work: StepWork,
  gate: (event: RunEvent) => Promise<void>,
  bridge: StepBridge,
): Promise<void> {
  const { step, timeouts } = work;
  const page = readPage(doc);
  if (page.kind !== 'dashboard' || !page.strips)
    throw new StepStop('The Accounting Dashboard is not showing.');
  let strips: TabStrips = page.strips;
  if (!same(strips.activeTab, step.tab)) {
    const tab = findTabElement(doc, 'tab', step.tab);
    if (!tab) throw new StepStop(`This dashboard has no "${step.tab}" tab.`, 'skipped');
    // The step's stage is kept: a click here must not make an unread upload look finished.
    await gate({ type: 'stage', stepId: step.id, stage: step.stage });
    clickElement(tab);
    // On a postback dashboard the click loads a new page and this script ends here; the step resumes there.
    strips = await waitFor(
      () => {
        const now = readTabStrips(doc.body);
        return now && same(now.activeTab, step.tab) && now.subTabs.length > 0 && !isBusy(doc) ? now : null;
      },
      { what: `the "${step.tab}" tab to open`, timeoutMs: timeouts.openMs },
    );
  }
  const shown = strips.subTabs.map((sub) => sub.label);
  if (JSON.stringify(shown) !== JSON.stringify(work.knownSubTabs ?? null)) {
    await bridge.report({
      type: 'discovered',
      tabs: strips.tabs.map((tab) => tab.label),
      tab: step.tab,
      subTabs: shown,
    });
  }
  if (!same(strips.activeSubTab, step.subTab)) {
    const sub = findTabElement(doc, 'subTab', step.subTab);
    if (!sub) throw new StepStop(`"${step.subTab}" is not on this dashboard’s ${step.tab} tab.`, 'skipped');
    await gate({ type: 'stage', stepId: step.id, stage: step.stage });
    clickElement(sub);
    await waitFor(
      () => {
        const now = readTabStrips(doc.body);
        return now && same(now.activeSubTab, step.subTab) && !isBusy(doc);
      },
      { what: `the "${step.subTab}" sub-tab to open`, timeoutMs: timeouts.openMs },
    );
  }
}

export function waitReady(doc: Document, timeouts: Timeouts): Promise<ListReading> {
  return waitFor(
    () => {
      if (isBusy(doc)) return null;
      const list = readList(doc);
      return list.state === 'rows' || list.state === 'empty' ? list : null;
    },
    { what: 'the list to be ready', timeoutMs: timeouts.readyMs },
  );
}

/**
 * After a click: confirm the dialog that click opened (at most once: the one allowed dialog click),
 * then wait until Omni is no longer busy and the list or its message changed. On a postback page the
 * click loads a new page and this wait simply ends with the script.
 */
async function waitAfterClick(
  doc: Document,
  before: string,
  timeoutMs: number,
  what: string,
  beforeConfirm?: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let confirmed = false;
  for (;;) {
    const result = await waitFor(
      () => {
        const confirm = confirmed ? null : findDialogConfirm(doc);
        if (confirm) return { confirm };
        if (isBusy(doc) || (confirmed && findDialogConfirm(doc))) return null;
        return pageSignature(doc) !== before ? { confirm: null } : null;
      },
      { what, timeoutMs: Math.max(1, deadline - Date.now()) },
    );
    if (!result.confirm) return;
    await beforeConfirm?.();
    confirmed = true;
    clickElement(result.confirm);
  }
}

async function verifyRound(
  doc: Document,
  stepId: string,
  refs: string[],
  rowsBefore: ListRow[],
  timeouts: Timeouts,
  bridge: StepBridge,
  prefix: string,
): Promise<void> {
  if (refs.length === 0) return;
  const after = await waitReady(doc, timeouts);
  const still = new Map(after.rows.map((row) => [row.reference, row]));
  const message = readMessage(doc);
  const described = new Map(rowsBefore.map((row) => [row.reference, row]));
  const synced = refs.filter((ref) => !still.has(ref));
  const failed: ItemOutcome[] = refs
    .filter((ref) => still.has(ref))
    .map((ref) => {
      const row = still.get(ref)!;
      const reason =
        row.error ||
        row.warning ||
        (message && `${prefix}Still listed after the upload. Omni said: ${message}`) ||
        `${prefix}Still listed after the upload; Omni showed no reason.`;
      return outcome({ ...(described.get(ref) ?? {}), ...row }, reason);
    });
  await bridge.report({ type: 'verified', stepId, synced, failed });
}

async function tick(
  doc: Document,
  all: boolean,
  wanted: Set<string>,
  timeouts: Timeouts,
  gate: (event: RunEvent) => Promise<void>,
  stepId: string,
): Promise<void> {
  const selectAll = all ? findSelectAll(doc) : null;
  if (selectAll) {
    if (!selectAll.checked) {
      await gate({ type: 'stage', stepId, stage: 'open' });
      clickElement(selectAll);
    }
  } else {
    for (const row of rowTickBoxes(doc)) {
      const want = wanted.has(row.reference);
      if (!row.checkbox || row.checkbox.disabled) {
        if (want) throw new StepStop(`Row "${row.reference}" has no checkbox to tick.`);
        continue;
      }
      if (row.checkbox.checked !== want) {
        await gate({ type: 'stage', stepId, stage: 'open' });
        clickElement(row.checkbox);
      }
    }
  }
  await waitFor(
    () =>
      rowTickBoxes(doc).every(
        (row) => !row.checkbox || row.checkbox.disabled || row.checkbox.checked === wanted.has(row.reference),
      ),
    { what: 'the rows to be ticked', timeoutMs: timeouts.openMs },
  );
}
