/**
 * The page reader against one of the rendering fuzzer's snapshots and its ground truth: every difference,
 * in words. Shared by the 300-seed unit check and `npm run fuzz`.
 */

import { Window } from 'happy-dom';
import { confirmControls, listAreaTexts } from '../../lib/omni/actions';
import { forgetReadings } from '../../lib/omni/dom';
import { selectAsParsed } from '../../lib/omni/fixtures';
import {
  findControl,
  findDialogConfirm,
  findSelectAll,
  isBusy,
  labelKey,
  readList,
  readMessage,
  readPage,
  readPager,
  rowTicks,
} from '../../lib/omni/index';
import { type FuzzCase, fuzzCases } from '../omni-sim/fuzz/cases';

const CONTROLS = ['Upload All', 'Upload Selected', 'Upload', 'Refresh Data', 'Update All'];

/** The same element, or one inside the other (a label around its input; a row around its cell). */
function sameTarget(found: Element | null | undefined, expected: Element | null): boolean {
  if (!found || !expected) return !found && !expected;
  return found === expected || expected.contains(found) || found.contains(expected);
}

/** Reads one snapshot in a window of its own, closed afterwards (hundreds of open windows add up to GBs). */
export async function checkCase(fuzz: FuzzCase): Promise<string[]> {
  const window = new Window({
    url: fuzz.url,
    settings: { disableJavaScriptEvaluation: true, disableCSSFileLoading: true },
  });
  try {
    window.document.write(fuzz.html);
    forgetReadings();
    return checkDocument(selectAsParsed(window.document as unknown as Document), fuzz);
  } finally {
    await window.happyDOM.close();
  }
}

function checkDocument(doc: Document, fuzz: FuzzCase): string[] {
  const problems: string[] = [];
  const fail = (what: string, found: unknown, expected: unknown) =>
    problems.push(`${what}: read ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}`);
  const truth = fuzz.expected;
  const element = (selector: string | null) => (selector ? doc.querySelector(selector) : null);

  const page = readPage(doc);
  if (page.kind !== 'dashboard') fail('page kind', page.kind, 'dashboard');
  if (page.provider !== truth.provider) fail('provider', page.provider, truth.provider);
  const strips = page.strips;
  const keys = (labels: string[] | undefined) => labels?.map(labelKey) ?? [];
  if (JSON.stringify(keys(strips?.tabs.map((t) => t.label))) !== JSON.stringify(keys(truth.tabs)))
    fail(
      'tabs',
      strips?.tabs.map((t) => t.label),
      truth.tabs,
    );
  if (labelKey(strips?.activeTab ?? '') !== labelKey(truth.activeTab))
    fail('open tab', strips?.activeTab, truth.activeTab);
  if (JSON.stringify(keys(strips?.subTabs.map((t) => t.label))) !== JSON.stringify(keys(truth.subTabs)))
    fail(
      'sub-tabs',
      strips?.subTabs.map((t) => t.label),
      truth.subTabs,
    );
  if (labelKey(strips?.activeSubTab ?? '') !== labelKey(truth.activeSubTab))
    fail('open sub-tab', strips?.activeSubTab, truth.activeSubTab);
  for (const [label, count] of Object.entries(truth.counts)) {
    const item = [...(strips?.tabs ?? []), ...(strips?.subTabs ?? [])].find(
      (t) => labelKey(t.label) === labelKey(label),
    );
    if (item && item.count !== count) fail(`count of ${label}`, item.count, count);
  }

  const busy = isBusy(doc);
  if (busy !== truth.busy) fail('busy', busy, truth.busy);
  const list = readList(doc);
  if (list.state !== truth.list.state) fail('list state', list.state, truth.list.state);
  if (truth.list.state === 'rows' && !truth.busy) checkRows(doc, fuzz, list, fail);

  const pager = readPager(doc);
  const wanted = truth.list.pager;
  const pagerShown =
    pager !== null &&
    (pager.next || pager.previous || pager.showMore || pager.pageLinks.size > 0 || pager.pageSize);
  const offers = wanted && (wanted.next || wanted.previous || wanted.showMore || wanted.pageSize);
  if (wanted && offers && truth.list.state === 'rows') {
    if (!pager) fail('pager', null, wanted.style);
    else {
      if (!sameTarget(pager.next, element(wanted.next)))
        fail('pager next', pager.next?.outerHTML ?? null, wanted.next);
      if (!sameTarget(pager.previous, element(wanted.previous)))
        fail('pager previous', pager.previous?.outerHTML ?? null, wanted.previous);
      if (!sameTarget(pager.showMore, element(wanted.showMore)))
        fail('pager show more', pager.showMore?.outerHTML ?? null, wanted.showMore);
      if (!sameTarget(pager.pageSize?.select, element(wanted.pageSize?.selector ?? null)))
        fail('rows-per-page select', pager.pageSize?.options ?? null, wanted.pageSize?.options ?? null);
      if (pager.page !== null && wanted.style !== 'show-more' && pager.page !== wanted.page)
        fail('page number', pager.page, wanted.page);
      if (pager.total !== null && pager.total !== wanted.total)
        fail('pager total', pager.total, wanted.total);
    }
  } else if (!wanted && pagerShown) fail('pager', pager?.text, null);

  if (!truth.busy) {
    for (const control of CONTROLS) {
      const found = findControl(doc, control);
      const selector = truth.controls[control];
      if (selector) {
        if (!found.ok) fail(`control ${control}`, found.reason, selector);
        else if (!sameTarget(found.element, element(selector)))
          fail(`control ${control}`, found.element.outerHTML, selector);
      } else if (found.ok) fail(`control ${control}`, found.element.outerHTML, 'none');
    }
  }

  if (truth.message) {
    const shown = readMessage(doc);
    if (!shown.includes(truth.message) && !listAreaTexts(doc).has(truth.message))
      fail('message', shown, truth.message);
  }
  if (truth.dialog) {
    const confirm =
      findDialogConfirm(doc) ??
      findDialogConfirm(
        doc,
        new Set([...confirmControls(doc)].filter((c) => !sameTarget(c, element(truth.dialog!.confirm)))),
      );
    if (!sameTarget(confirm, element(truth.dialog.confirm)))
      fail('dialog confirm', confirm?.outerHTML ?? null, truth.dialog.confirmLabel);
  }
  return problems;
}

function checkRows(
  doc: Document,
  fuzz: FuzzCase,
  list: ReturnType<typeof readList>,
  fail: (what: string, found: unknown, expected: unknown) => void,
): void {
  const truth = fuzz.expected.list;
  if (list.problem) fail('rows', list.problem, 'distinct rows');
  if (list.rows.length !== truth.rows.length) {
    fail('row count', list.rows.length, truth.rows.length);
    return;
  }
  // Each row's identity names its document: the model reference, or a text that holds it.
  const ids = list.rows.map((row) => row.reference);
  if (new Set(ids).size !== ids.length) fail('identities', ids, 'distinct');
  const ticks = rowTicks(doc);
  truth.rows.forEach((expected, index) => {
    const row = list.rows[index]!;
    const where = `row ${expected.ref}`;
    if (row.reference !== expected.ref && !row.reference.includes(expected.ref))
      fail(`${where} identity`, row.reference, expected.ref);
    const fields = expected.fields;
    if (fields.date && row.date !== fields.date) fail(`${where} date`, row.date, fields.date);
    if (fields.amount && row.amount !== fields.amount) fail(`${where} amount`, row.amount, fields.amount);
    if (fields.error && !`${row.error} ${row.warning}`.includes(fields.error))
      fail(`${where} error`, `${row.error} | ${row.warning}`, fields.error);
    if (row.checked !== expected.checked) fail(`${where} ticked`, row.checked, expected.checked);
    if (row.selectable !== expected.selectable)
      fail(`${where} can be ticked`, row.selectable, expected.selectable);
    const target = expected.tickTarget ? doc.querySelector(expected.tickTarget) : null;
    // A selectable row is ticked by a click anywhere on it that is not a control: any of its plain cells.
    const sameRow =
      expected.tickKind === 'aria-selected-row' &&
      target !== null &&
      ticks[index]?.box?.state === target.closest('[role="row"], tr');
    if (!sameRow && !sameTarget(ticks[index]?.box?.target, target))
      fail(
        `${where} tick target`,
        ticks[index]?.box?.target.outerHTML.slice(0, 120) ?? null,
        expected.tickTarget,
      );
  });
  const selectAll = findSelectAll(doc);
  const wanted = truth.selectAll ? doc.querySelector(truth.selectAll.selector) : null;
  if (!sameTarget(selectAll?.target, wanted))
    fail('select-all', selectAll?.target.outerHTML.slice(0, 120) ?? null, truth.selectAll);
}

/** Every snapshot of a seed; one line per difference, each naming the seed and the snapshot. */
export async function checkSeed(seed: number): Promise<string[]> {
  const problems: string[] = [];
  for (const fuzz of fuzzCases(seed))
    problems.push(...(await checkCase(fuzz)).map((problem) => `${fuzz.name}: ${problem}`));
  return problems;
}
