// The fuzz cases held against their own markup: each case parsed in happy-dom, every selector its ground truth
// names found exactly once, and what the truth says (labels, counts, ticks, messages) visible in the page.
import { type Element, Window } from 'happy-dom';
import { type FuzzCase, fuzzCases } from './cases.ts';
import { normalise } from './columns.ts';

/** Every selector the truth names. */
function selectors(c: FuzzCase): string[] {
  const e = c.expected;
  const out = [...Object.values(e.controls)];
  for (const row of e.list.rows) if (row.tickTarget) out.push(row.tickTarget);
  if (e.list.selectAll) out.push(e.list.selectAll.selector);
  const p = e.list.pager;
  if (p) {
    for (const s of [p.next, p.previous, p.showMore, p.pageSize?.selector]) if (s) out.push(s);
  }
  if (e.dialog) out.push(e.dialog.confirm);
  return out;
}

/** What the page shows about one row's tick, read from the markup the way a reader would. */
function tickedInMarkup(
  row: FuzzCase['expected']['list']['rows'][number],
  target: Element | null,
  rowEl: Element,
) {
  switch (row.tickKind) {
    case 'native':
      return target?.hasAttribute('checked') ?? null;
    case 'hidden-native':
      return target?.querySelector('input[type=checkbox]')?.hasAttribute('checked') ?? null;
    case 'aria-checkbox':
      return target?.getAttribute('aria-checked') === 'true';
    case 'aria-selected-row':
      return rowEl.getAttribute('aria-selected') === 'true';
    case 'none':
      return null;
  }
}

/** The id a truth selector names: every selector in the truth is `[data-fuzz-id="…"]` (see fuzzSelector). */
function markId(selector: string): string | null {
  const m = /^\[data-fuzz-id="((?:[^"\\]|\\.)*)"\]$/.exec(selector);
  return m ? (m[1] ?? '').replace(/\\(.)/g, '$1') : null;
}

export function caseProblems(doc: Element, c: FuzzCase): string[] {
  const e = c.expected;
  const found: string[] = [];
  const say = (what: string) => found.push(`${c.name}: ${what}`);
  // One pass over the document answers every [data-fuzz-id="…"] selector (and how many elements it matches).
  const marked = new Map<string, Element[]>();
  for (const el of doc.querySelectorAll('[data-fuzz-id]')) {
    const id = el.getAttribute('data-fuzz-id') ?? '';
    marked.set(id, [...(marked.get(id) ?? []), el]);
  }
  const one = (id: string) => marked.get(id)?.[0];
  const resolve = (selector: string) => one(markId(selector) ?? '');
  const text = (el: Element | null | undefined) => normalise(el?.textContent ?? '');

  const named = selectors(c);
  for (const s of named) {
    const id = markId(s);
    const n = id === null ? -1 : (marked.get(id)?.length ?? 0);
    if (n !== 1) say(`${s} matches ${n} elements`);
  }
  // The index stands in for the selectors; one real query per page shows they agree.
  if (named[0] && doc.querySelectorAll(named[0]).length !== 1) say(`${named[0]} does not resolve as CSS`);
  const refs = e.list.rows.map((r) => r.ref);
  if (new Set(refs).size !== refs.length) say('duplicate refs');
  if (text(one('heading')) !== e.heading) say(`heading "${text(one('heading'))}"`);
  if (!/Xero|QuickBooks Online/.test(e.heading)) say('heading names no provider');
  for (const label of e.tabs) if (!marked.has(`tab:${label}`)) say(`no tab ${label}`);
  for (const label of e.subTabs) if (!marked.has(`subtab:${label}`)) say(`no sub-tab ${label}`);
  for (const [label, count] of Object.entries(e.counts)) {
    const tab = one(`subtab:${label}`) ?? one(`tab:${label}`);
    if (!text(tab).includes(String(count))) say(`count ${label} ${count} not shown`);
  }
  const message = one('message');
  if ((message ? text(message) : null) !== e.message) say(`message "${message?.textContent}"`);
  for (const row of e.list.rows) {
    const el = one(`row:${row.ref}`);
    if (!el) {
      say(`no row ${row.ref}`);
      continue;
    }
    const shown = text(el);
    for (const value of Object.values(row.fields))
      if (value && !shown.includes(value)) say(`${row.ref}: no "${value}"`);
    if (row.fields.reference !== undefined && row.fields.reference !== row.ref)
      say(`${row.ref}: reference field`);
    const target = row.tickTarget ? (resolve(row.tickTarget) ?? null) : null;
    if (row.selectable && tickedInMarkup(row, target, el) !== row.checked) say(`${row.ref}: ticked state`);
  }
  if (e.dialog && text(resolve(e.dialog.confirm)) !== e.dialog.confirmLabel) say('dialog confirm label');
  for (const [label, selector] of Object.entries(e.controls)) {
    const el = resolve(selector);
    const name = normalise(
      `${el?.getAttribute('aria-label') ?? ''} ${el?.getAttribute('value') ?? ''} ${el?.textContent ?? ''}`,
    );
    if (!name.toLowerCase().includes(label.toLowerCase())) say(`control ${label} reads "${name}"`);
  }
  return found;
}

/** Parses each case of these seeds in happy-dom and checks it; returns what did not hold. */
export async function checkSeeds(seeds: number[]): Promise<{ cases: number; problems: string[] }> {
  const problems: string[] = [];
  let cases = 0;
  let window = new Window({ url: 'https://go.cin7.com/' });
  for (const [i, seed] of seeds.entries()) {
    // happy-dom's caches keep some nodes reachable from the window: start afresh now and then.
    if (i % 20 === 19) {
      await window.happyDOM.close();
      window = new Window({ url: 'https://go.cin7.com/' });
    }
    for (const c of fuzzCases(seed)) {
      cases++;
      // The whole page into a detached <html>: the same parse as a document's, without a live document's work
      // (loading its stylesheets, registering ids), which is most of the cost over 2,000 pages.
      const page = window.document.createElement('html');
      page.innerHTML = c.html;
      problems.push(...caseProblems(page, c));
      // happy-dom's WeakRefs hold their targets until the job ends: end it, or every page stays in memory.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await window.happyDOM.close();
  return { cases, problems };
}
