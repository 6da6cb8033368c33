/**
 * The content script's hands for one step: open the sub-tab, wait for the list, show all of it (largest
 * page size, "Show more") or go page by page, tick, press the one upload control the list's kind calls
 * for, wait for Omni, read again. Every click is preceded by an event the background must accept (it
 * persists what is about to be submitted before the click), so a cancelled run stops before its next
 * click and a page load never leads to a second upload.
 */
import {
  describeList,
  findControl,
  findDialogConfirm,
  findSelectAll,
  findTabElement,
  isBusy,
  isTicked,
  type ListReading,
  type ListRow,
  normaliseLabel,
  pageSignature,
  readList,
  readMessage,
  readPage,
  readPager,
  readTabStrips,
  rowCells,
  rowTicks,
  showsEverything,
  type TabStrips,
  WaitTimeoutError,
  waitFor,
} from '../omni';
import { confirmControls, listAreaTexts } from '../omni/actions';
import { clickElement } from '../omni/click';
import { forgetReadings } from '../omni/dom';
import { NOT_SENT, outcome, type StepState } from './run';
import type { ItemOutcome, RunEvent, ScreenRequest, StepStage } from './schemas';

/** A click, after which nothing judged of the page before it is taken for granted. */
function press(element: Element): void {
  forgetReadings();
  clickElement(element);
}

export interface Timeouts {
  /** Opening a tab or sub-tab. */
  openMs: number;
  /** A list becoming ready (no progress overlay; rows or an empty message). */
  readyMs: number;
  /** Omni finishing an upload. */
  uploadMs: number;
  /** How long a quiet page that still cannot be understood is given before the step fails (SPEC §6). */
  quietMs?: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  openMs: 30_000,
  readyMs: 60_000,
  uploadMs: 180_000,
  quietMs: 5_000,
};
const DEFAULT_QUIET_MS = 5_000;

export interface StepBridge {
  /** Applies the events, in order, to the run in the background; `proceed` false means stop before the next click. */
  report(events: RunEvent[]): Promise<{ proceed: boolean }>;
  /**
   * The ledger checks on rows about to be ticked (contacts the ledger has, items in a locked period):
   * the rows to leave out, each with its reason. Never clicks; a check that cannot be made leaves out nothing.
   */
  screen?(request: ScreenRequest): Promise<ItemOutcome[]>;
}

export interface StepWork {
  step: StepState;
  /** Every reference of this sub-tab already submitted in this run (revisits upload only the rest). */
  submitted: string[];
  /** References of this sub-tab a ledger check left out earlier in this run. */
  held?: string[];
  /** Whether to ask for the ledger checks before ticking (the proxy answered at its last check). */
  screen?: boolean;
  timeouts: Timeouts;
  /** The step's tab's sub-tabs as the run knows them; a reading that differs is reported. */
  knownSubTabs?: string[] | null;
  /** A preview: the list is opened and read like a report's, and nothing is ticked or uploaded. */
  readOnly?: boolean;
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

/** At most this many clicks of a step's own loop (uploads, pages): a guard against a page that never settles. */
const MAX_ACTIONS = 400;
const same = (a: string | null | undefined, b: string) =>
  normaliseLabel(a ?? '').key === normaliseLabel(b).key;

type Gate = (event: RunEvent) => Promise<void>;

/** Everything one step's helpers share. */
interface StepContext {
  doc: Document;
  step: StepState;
  timeouts: Timeouts;
  gate: Gate;
  /** The stage as last stored: where the step resumes if this page goes away. */
  stage: StepStage;
  /** The list showed a pager in this step, so Upload All's scope is unclear even when all rows show. */
  paged: boolean;
  /**
   * Keeps an event that needs no answer (a result read, a list discovered) to go with the next one that
   * does: every click is preceded by a report, so nothing noted is lost to a page load but a reading
   * the resumed step makes again. One round trip to the background per click, not one per event.
   */
  note(event: RunEvent): void;
  /** Sends the noted events and this one. */
  send(event: RunEvent): Promise<{ proceed: boolean }>;
}

export async function executeStep(doc: Document, work: StepWork, bridge: StepBridge): Promise<void> {
  const { step, timeouts } = work;
  const id = step.id;
  // The background handed this step out just now, which answers the first "may I click?" of this page;
  // a stage change still goes through, since it must be stored before its click.
  let answered = true;
  const noted: RunEvent[] = [];
  const note = (event: RunEvent) => void noted.push(event);
  const send = (event: RunEvent) => bridge.report(noted.splice(0).concat(event));
  const gate: Gate = async (event) => {
    const unchanged = event.type === 'stage' && event.stage === ctx.stage;
    if (event.type === 'stage') ctx.stage = event.stage;
    if (event.type === 'submitting') ctx.stage = 'uploading';
    // Noted events wait for the next report: a page load before it makes the resumed step note them again.
    if (answered && unchanged) {
      answered = false;
      return;
    }
    answered = false;
    if (!(await send(event)).proceed) throw new StepStop('Cancelled before the next click.', 'skipped');
  };
  const ctx: StepContext = { doc, step, timeouts, gate, stage: step.stage, paged: false, note, send };
  // A step resumed after a page load is already active: no need to say so again.
  if (step.status !== 'active') note({ type: 'stepStarted', stepId: id });
  const seen = new Set<string>();
  /** Submitted in this step but not yet read back: what a stop leaves undecided. */
  const unresolved = new Set(
    step.submitted.filter(
      (ref) => !step.synced.includes(ref) && !step.failed.some((item) => item.reference === ref),
    ),
  );
  let timedOutUploading = false;
  /** Announced as submitting, but the upload was not pressed: the announcement's answer never came. */
  let notSent: string[] = [];
  try {
    const submitted = new Set([...work.submitted, ...step.submitted]);
    const held = new Set([...(work.held ?? []), ...(step.held ?? [])]);
    if (step.stage === 'uploading') {
      // The upload's own confirm dialog, drawn by the page load the upload caused (postback pages).
      if (findDialogConfirm(doc)) {
        await waitAfterClick(ctx, pageSignature(doc), 'Omni to finish the upload', new Set(), () =>
          gate({ type: 'stage', stepId: id, stage: 'uploading' }),
        );
      }
      // A page load interrupted an upload: read what the step's list shows now; never press upload again.
      await openSubTab(ctx, work);
      await verify(
        ctx,
        [...unresolved],
        new Map(),
        unresolved,
        step.uploadPage ?? null,
        'The page reloaded during the upload; ',
      );
    } else {
      await openSubTab(ctx, work);
    }
    if (step.phase === 'report' || work.readOnly) {
      await readReport(ctx);
      return;
    }
    // Refresh Data once, before the one Update All of this run (not again when resuming after it).
    if (step.kind === 'cogs' && ctx.stage !== 'refreshing' && step.submitted.length === 0) {
      const refresh = requireControl(doc, 'Refresh Data');
      await gate({ type: 'stage', stepId: id, stage: 'refreshing' });
      const before = pageSignature(doc);
      press(refresh);
      await waitAfterClick(ctx, before, 'Omni to refresh the COGS data');
    }
    let uploads = 0;
    for (let action = 0; action < MAX_ACTIONS; action += 1) {
      if (ctx.stage === 'rewind' || ctx.stage === 'sweep') {
        if (await sweepStep(ctx, unresolved)) continue;
        break;
      }
      const list = await showEverything(ctx);
      for (const row of list.rows) seen.add(row.reference);
      await resolveSeen(ctx, list, unresolved);
      const pager = readPager(doc);
      let fresh = list.rows.filter((row) => !submitted.has(row.reference) && !held.has(row.reference));
      // COGS is one journal a month: Update All once per run, never again.
      const done = step.kind === 'cogs' && (uploads > 0 || step.submitted.length > 0);
      if (!done && fresh.length > 0 && work.screen && bridge.screen) {
        fresh = await applyLedgerChecks(ctx, bridge, fresh, held);
      }
      if (fresh.length === 0 || done) {
        if (!done && pager?.next) {
          await pagerClick(ctx, pager.next, 'the next page');
          continue;
        }
        if (unresolved.size > 0 && pager && !showsEverything(pager, list.rows.length)) {
          await gate({ type: 'stage', stepId: id, stage: 'rewind' });
          continue;
        }
        break;
      }
      const paged = pager !== null && !showsEverything(pager, list.rows.length);
      const { control, all } = chooseControl(step, list, fresh, pager !== null || ctx.paged);
      const button = requireControl(doc, control);
      const refs = fresh.map((row) => row.reference);
      if (step.kind !== 'cogs') await tick(ctx, all && !paged, new Set(refs));
      const page = pager?.page ?? null;
      try {
        await gate({ type: 'submitting', stepId: id, refs, page, items: fresh.map(rowDetails) });
      } catch (error) {
        // The background may have stored the announcement; nothing was pressed, so the refs go back.
        notSent = refs;
        throw error;
      }
      for (const ref of refs) {
        submitted.add(ref);
        unresolved.add(ref);
      }
      uploads += 1;
      const before = pageSignature(doc);
      const beforeTexts = listAreaTexts(doc);
      const described = new Map(fresh.map((row) => [row.reference, row]));
      const cellsBefore = rowCells(doc);
      timedOutUploading = true;
      const confirmsBefore = confirmControls(doc);
      press(button);
      await waitAfterClick(ctx, before, `Omni to finish "${control}"`, confirmsBefore, () =>
        gate({ type: 'stage', stepId: id, stage: 'uploading' }),
      );
      timedOutUploading = false;
      await verify(ctx, refs, described, unresolved, page, '', { cellsBefore, textsBefore: beforeTexts });
    }
    await send({
      type: 'stepFinished',
      stepId: id,
      found: Math.max(seen.size, step.found),
    });
  } catch (error) {
    const stop =
      error instanceof StepStop
        ? error
        : error instanceof WaitTimeoutError
          ? new StepStop(
              timedOutUploading
                ? `${error.message} The upload may still finish in Omni; its items were not sent again. Check them after the run.`
                : error.message,
            )
          : new StepStop(`Unexpected problem: ${error instanceof Error ? error.message : String(error)}`);
    const pending = [...unresolved];
    // Told to stop (a cancel): the refs were simply not sent. Otherwise the answer was lost: say so.
    const lost = stop.status === 'skipped' ? [] : notSent;
    await send({
      type: 'stepFinished',
      stepId: id,
      found: seen.size || undefined,
      status: pending.length + lost.length > 0 ? 'failed' : stop.status,
      failed: [
        ...pending.map((reference) => outcome({ reference }, pendingReason(stop.message))),
        ...lost.map((reference) => outcome({ reference }, NOT_SENT)),
      ],
      message: stop.message,
      notSent: notSent.length > 0 ? notSent : undefined,
    });
  }
}

/**
 * Leaves out of the rows about to be ticked those a ledger check holds back, noting each with its
 * reason. COGS cannot tick months one by one (Update All): its months are left out only when all are.
 */
async function applyLedgerChecks(
  ctx: StepContext,
  bridge: StepBridge,
  fresh: ListRow[],
  held: Set<string>,
): Promise<ListRow[]> {
  const out = await bridge.screen?.({ stepId: ctx.step.id, rows: fresh.map(rowDetails) }).catch(() => []);
  const leaving = new Map((out ?? []).map((item) => [item.reference, item]));
  if (leaving.size === 0 || (ctx.step.kind === 'cogs' && leaving.size < fresh.length)) return fresh;
  ctx.note({ type: 'heldBack', stepId: ctx.step.id, items: [...leaving.values()] });
  for (const reference of leaving.keys()) held.add(reference);
  return fresh.filter((row) => !leaving.has(row.reference));
}

/** A row's reference and what it shows beside it, cut to the lengths the background accepts. */
function rowDetails(row: ListRow): ScreenRequest['rows'][number] {
  return {
    reference: row.reference,
    contact: row.contact.slice(0, 500),
    date: row.date.slice(0, 100),
    amount: row.amount.slice(0, 100),
  };
}

/** What the report says of items submitted whose result the step could not read. */
function pendingReason(message: string): string {
  return /not sent again|check them/i.test(message)
    ? message
    : `${message} These items were submitted and not sent again: check them in Omni.`;
}

function chooseControl(
  step: StepState,
  list: ListReading,
  fresh: ListRow[],
  paged: boolean,
): { control: string; all: boolean } {
  const all = fresh.length === list.rows.length;
  switch (step.kind) {
    case 'cogs':
      return { control: 'Update All', all: true };
    case 'contacts':
    case 'upload-ticked':
      return { control: 'Upload', all };
    default:
      // Upload All sends every row shown — unless a pager makes "every row" unclear: then only the ticked
      // rows go, and the step ticks exactly what it read (SPEC §2: pagination is undocumented).
      return { control: all && !paged ? 'Upload All' : 'Upload Selected', all };
  }
}

function requireControl(doc: Document, label: string): HTMLElement {
  const found = findControl(doc, label);
  if (!found.ok) throw new StepStop(found.reason);
  return found.element;
}

async function openSubTab(ctx: StepContext, work: StepWork): Promise<void> {
  const { doc, step, timeouts, gate } = ctx;
  const page = readPage(doc);
  if (page.kind !== 'dashboard' || !page.strips)
    throw new StepStop('The Accounting Dashboard is not showing.');
  let strips: TabStrips = page.strips;
  if (!same(strips.activeTab, step.tab)) {
    const tab = findTabElement(doc, 'tab', step.tab);
    if (!tab) throw new StepStop(`This dashboard has no "${step.tab}" tab.`, 'skipped');
    // The step's stage is kept: a click here must not make an unread upload look finished.
    await gate({ type: 'stage', stepId: step.id, stage: step.stage });
    press(tab);
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
    ctx.note({
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
    press(sub);
    await waitFor(
      () => {
        const now = readTabStrips(doc.body);
        return now && same(now.activeSubTab, step.subTab) && !isBusy(doc);
      },
      { what: `the "${step.subTab}" sub-tab to open`, timeoutMs: timeouts.openMs },
    );
  }
}

/**
 * The list once it is ready (no progress indicator; rows or an empty message). A page that has gone
 * quiet without showing a list it can read fails the step within seconds, saying what was seen.
 */
export function waitReady(doc: Document, timeouts: Timeouts): Promise<ListReading> {
  return waitFor(
    () => {
      if (isBusy(doc)) return null;
      const list = readList(doc);
      return list.state === 'rows' || list.state === 'empty' ? list : null;
    },
    {
      what: 'the list to be ready',
      timeoutMs: timeouts.readyMs,
      quiet: {
        afterMs: timeouts.quietMs ?? DEFAULT_QUIET_MS,
        explain: () =>
          isBusy(doc)
            ? null
            : new StepStop(`This list could not be understood. What was seen: ${describeList(doc)}`),
      },
    },
  ).then((list) => {
    if (list.problem) throw new StepStop(list.problem);
    return list;
  });
}

/**
 * After a click: confirm the dialog that click opened (at most once: the one allowed dialog click),
 * then wait until Omni is no longer busy and the list or its message changed. On a postback page the
 * click loads a new page and this wait simply ends with the script.
 */
async function waitAfterClick(
  ctx: StepContext,
  before: string,
  what: string,
  confirmsBefore?: ReadonlySet<Element>,
  beforeConfirm?: () => Promise<void>,
): Promise<void> {
  const { doc, timeouts } = ctx;
  const deadline = Date.now() + timeouts.uploadMs;
  let confirmed = false;
  for (;;) {
    const result = await waitFor(
      () => {
        const confirm = confirmed || !beforeConfirm ? null : findDialogConfirm(doc, confirmsBefore);
        if (confirm) return { confirm };
        if (isBusy(doc) || (confirmed && findDialogConfirm(doc, confirmsBefore))) return null;
        return pageSignature(doc) !== before ? { confirm: null } : null;
      },
      { what, timeoutMs: Math.max(1, deadline - Date.now()) },
    );
    if (!result.confirm) return;
    await beforeConfirm?.();
    confirmed = true;
    press(result.confirm);
  }
}

/** Clicks a pager control of the step's list (an allowed click, SPEC §3) and waits for the list to change. */
async function pagerClick(ctx: StepContext, control: Element, what: string): Promise<void> {
  // Paging keeps the stage: it never changes what the step is in the middle of.
  await ctx.gate({ type: 'stage', stepId: ctx.step.id, stage: ctx.stage });
  const before = pageSignature(ctx.doc);
  press(control);
  await waitAfterClick(ctx, before, `${what} of the list`);
}

/**
 * Every row on one page where the list allows it: the largest rows-per-page, then "Show more" until
 * everything shows. Returns the list as it is then.
 */
async function showEverything(ctx: StepContext): Promise<ListReading> {
  const { doc } = ctx;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const list = await waitReady(doc, ctx.timeouts);
    const pager = readPager(doc);
    if (pager) ctx.paged = true;
    if (!pager || showsEverything(pager, list.rows.length)) return list;
    const size = pager.pageSize;
    const largest = size ? Math.max(...size.options) : 0;
    if (size && largest > size.value && largest > list.rows.length) {
      // The smallest size that holds every row, else the largest there is.
      const wanted =
        size.options
          .filter((option) => option > size.value && (pager.total === null || option >= pager.total))
          .sort((a, b) => a - b)[0] ?? largest;
      await ctx.gate({ type: 'stage', stepId: ctx.step.id, stage: ctx.stage });
      const before = pageSignature(doc);
      choosePageSize(size.select, wanted);
      await waitAfterClick(ctx, before, 'the list to show more rows per page');
      continue;
    }
    if (pager.showMore) {
      await pagerClick(ctx, pager.showMore, '"Show more"');
      continue;
    }
    return list;
  }
  return waitReady(doc, ctx.timeouts);
}

/** Picks a rows-per-page option as a person would: the select's value, then its change event. */
function choosePageSize(select: HTMLSelectElement, size: number): void {
  const option = Array.from(select.options).find(
    (candidate) => Number((candidate.textContent ?? '').trim() || candidate.value) === size,
  );
  if (!option) return;
  forgetReadings();
  select.value = option.value;
  option.selected = true;
  select.dispatchEvent(new Event('input', { bubbles: true }));
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Submitted rows that show up again on a page are failed uploads: their reason is on the row. */
async function resolveSeen(ctx: StepContext, list: ListReading, unresolved: Set<string>): Promise<void> {
  const failed = list.rows
    .filter((row) => unresolved.has(row.reference))
    .map((row) => outcome(row, reasonOf(row, readMessage(ctx.doc), '')));
  if (failed.length === 0) return;
  for (const item of failed) unresolved.delete(item.reference);
  ctx.note({ type: 'verified', stepId: ctx.step.id, synced: [], failed });
}

function reasonOf(row: ListRow, message: string, prefix: string, changed = ''): string {
  return (
    row.error ||
    row.warning ||
    (changed && `${prefix}Still listed after the upload. The row now says: ${changed}`) ||
    (message && `${prefix}Still listed after the upload. Omni said: ${message}`) ||
    `${prefix}Still listed after the upload; Omni showed no reason.`
  );
}

/**
 * After an upload: rows still listed failed (with the reason on the row, in what changed on it, or in
 * Omni's message); rows gone synced — when the page shown can tell. On a paged list that moved to another
 * page, rows not in sight stay unresolved until a sweep of the list reads them.
 */
async function verify(
  ctx: StepContext,
  refs: string[],
  rowsBefore: Map<string, ListRow>,
  unresolved: Set<string>,
  uploadPage: number | null,
  prefix: string,
  before: { cellsBefore?: Map<string, string[]>; textsBefore?: Set<string> } = {},
): Promise<void> {
  if (refs.length === 0) return;
  const { doc } = ctx;
  const after = await waitReady(doc, ctx.timeouts);
  const pager = readPager(doc);
  const still = new Map(after.rows.map((row) => [row.reference, row]));
  const newTexts = before.textsBefore
    ? [...listAreaTexts(doc)].filter((text) => !before.textsBefore!.has(text) && !still.has(text))
    : [];
  const message = [readMessage(doc), ...newTexts].filter(Boolean).join(' ');
  const cellsAfter = before.cellsBefore ? rowCells(doc) : new Map<string, string[]>();
  // Rows gone from sight left the list, unless a pager hides where they went.
  const sightIsWhole =
    !pager || showsEverything(pager, after.rows.length) || (uploadPage !== null && pager.page === uploadPage);
  const synced = sightIsWhole ? refs.filter((ref) => !still.has(ref)) : [];
  const failed: ItemOutcome[] = refs
    .filter((ref) => still.has(ref))
    .map((ref) => {
      const row = still.get(ref)!;
      const was = before.cellsBefore?.get(ref) ?? [];
      const now = cellsAfter.get(ref) ?? [];
      const changed = now.filter((text, index) => text && text !== was[index]).join(' ');
      return outcome({ ...(rowsBefore.get(ref) ?? {}), ...row }, reasonOf(row, message, prefix, changed));
    });
  for (const ref of synced) unresolved.delete(ref);
  for (const item of failed) unresolved.delete(item.reference);
  ctx.note({ type: 'verified', stepId: ctx.step.id, synced, failed });
  // The background stores the step as past its upload.
  ctx.stage = 'open';
}

/**
 * One move of the sweep that settles uploads a pager hid: back to the first page (`rewind`), then page
 * by page (`sweep`), each submitted row seen is read as failed; at the last page, the rest left the list.
 * Returns false when the sweep is over. Each move may load a new page: the stored stage says where it was.
 */
async function sweepStep(ctx: StepContext, unresolved: Set<string>): Promise<boolean> {
  const { doc, step } = ctx;
  const list = await waitReady(doc, ctx.timeouts);
  const pager = readPager(doc);
  if (ctx.stage === 'rewind') {
    const first = pager?.pageLinks.get(1) ?? pager?.previous ?? null;
    if (pager && first && pager.page !== 1) {
      await pagerClick(ctx, first, 'the first page');
      return true;
    }
    await setStage(ctx, 'sweep');
    return true;
  }
  await resolveSeen(ctx, list, unresolved);
  if (pager?.next && unresolved.size > 0) {
    await pagerClick(ctx, pager.next, 'the next page');
    return true;
  }
  const gone = [...unresolved];
  unresolved.clear();
  ctx.note({ type: 'verified', stepId: step.id, synced: gone, failed: [] });
  await setStage(ctx, 'open');
  return false;
}

async function setStage(ctx: StepContext, stage: 'rewind' | 'sweep' | 'open'): Promise<void> {
  await ctx.gate({ type: 'stage', stepId: ctx.step.id, stage });
}

/** A report step (Errors, Discrepancies): every row of its list, across its pages, read and never clicked. */
async function readReport(ctx: StepContext): Promise<void> {
  const { doc, step } = ctx;
  let found = 0;
  for (let page = 0; page < MAX_ACTIONS; page += 1) {
    const list = await showEverything(ctx);
    const items = list.rows.map((row) => outcome(row, row.error || row.warning));
    found += items.length;
    if (items.length > 0) ctx.note({ type: 'listed', stepId: step.id, items });
    const pager = readPager(doc);
    if (!pager?.next) break;
    await pagerClick(ctx, pager.next, 'the next page');
  }
  await ctx.send({
    type: 'stepFinished',
    stepId: step.id,
    found: Math.max(found, step.listed.length),
    status: 'read',
  });
}

/**
 * Ticks exactly the wanted rows (select-all when every row is wanted and it exists), then reads every
 * tick box back. Clicks go to boxes still on the page; a list that redraws on each tick is ticked over
 * several passes.
 */
async function tick(ctx: StepContext, all: boolean, wanted: Set<string>): Promise<void> {
  const { doc, step, gate, timeouts } = ctx;
  const matches = () =>
    rowTicks(doc).every((row) =>
      row.disabled ? !wanted.has(row.reference) : row.checked === wanted.has(row.reference),
    );
  const selectAll = all ? findSelectAll(doc) : null;
  if (selectAll && !isTicked(selectAll)) {
    await gate({ type: 'stage', stepId: step.id, stage: 'open' });
    press(selectAll.target);
    const ok = await waitFor(() => matches(), { what: 'every row to be ticked', timeoutMs: 2000 }).catch(
      () => false,
    );
    if (ok) return;
  }
  for (let pass = 0; pass < Math.max(3, wanted.size + 1); pass += 1) {
    const rows = rowTicks(doc);
    const missing = rows.find((row) => wanted.has(row.reference) && row.disabled);
    if (missing) throw new StepStop(`Row "${missing.reference}" has no tick box that can be ticked.`);
    const toClick = rows.filter(
      (row) => row.box && !row.disabled && row.checked !== wanted.has(row.reference),
    );
    if (toClick.length === 0) break;
    await gate({ type: 'stage', stepId: step.id, stage: 'open' });
    for (const row of toClick) if (row.box!.target.isConnected) press(row.box!.target);
    await waitFor(
      () =>
        !isBusy(doc) &&
        rowTicks(doc).every(
          (row) =>
            !toClick.some((t) => t.reference === row.reference) || row.checked === wanted.has(row.reference),
        ),
      {
        what: 'the rows to be ticked',
        timeoutMs: 3000,
      },
    ).catch(() => undefined);
  }
  await waitFor(() => matches(), { what: 'the rows to be ticked', timeoutMs: timeouts.openMs }).catch(() => {
    throw new StepStop(
      'The rows could not be ticked as wanted (the ticks did not read back); nothing was uploaded.',
    );
  });
}
