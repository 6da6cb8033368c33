/**
 * Reading the open sub-tab's list: its state (loading, empty, rows), its rows with a unique identity each
 * and the fields the report shows, their tick boxes, the select-all, the pager, and the upload controls.
 */

import type { ListState } from '../snapshots';
import { type IdentitySource, identify, planColumns } from './columns';
import { clickables, commonAncestor, controlNames, depth, isDisabled, isVisible, visibleText } from './dom';
import {
  cellText,
  findListGrid,
  type Grid,
  headerText,
  isTickDisabled,
  isTicked,
  listArea,
  normalise,
  ownCells,
  type TickBox,
  tickBoxOf,
} from './grid';
import { labelKey, normaliseLabel } from './labels';
import { type PagerReading, readPagerIn } from './pager';
import { queryOutsideRows } from './scan';
import {
  BUSY,
  BUSY_OVERLAY,
  BUSY_TEXT,
  BUSY_TEXT_HOLDER,
  BUSY_TEXT_STRICT,
  EMPTY_TEXT,
  ROW,
  SELECT_ALL_TEXT,
} from './selectors';

export interface ListRow {
  /** The row's identity, unique in its list: its document reference where one can be told. */
  reference: string;
  contact: string;
  date: string;
  amount: string;
  error: string;
  /** A warning shown on the row itself (COGS months inside the lock date). */
  warning: string;
  selectable: boolean;
  checked: boolean;
}

export interface ListReading {
  state: ListState;
  columns: string[];
  rows: ListRow[];
  /** How many rows the list shows (also when the rows themselves were not read). */
  count: number;
  emptyMessage: string | null;
  /** What the pager says when the list shows one: the list may hold more rows than this page. */
  pager: string | null;
  /** How rows were told apart; null when rows were not read. */
  identity: IdentitySource | null;
  /** Why the rows cannot be synced safely (two rows read the same), or null. */
  problem: string | null;
}

export type { PagerReading } from './pager';
export { showsEverything } from './pager';

/** The list grid of the open sub-tab, or null. `count` (the sub-tab's count) helps choose between grids. */
export function findGrid(root: ParentNode, count?: number | null): Grid | null {
  return findListGrid(root, { count });
}

/** The text a tick box is known by: aria-label, its <label>, aria-labelledby, or title. */
function tickName(box: TickBox | null): string {
  if (!box) return '';
  const element = box.state;
  const labelledBy = element.getAttribute('aria-labelledby');
  const byId = labelledBy
    ? labelledBy
        .split(/\s+/)
        .map((id) => element.ownerDocument.getElementById(id)?.textContent ?? '')
        .join(' ')
    : '';
  const id = element.getAttribute('id');
  const forId = id
    ? element.ownerDocument.querySelector(`label[for="${id.replace(/["\\]/g, '\\$&')}"]`)
    : null;
  const label = forId?.textContent ?? element.closest('label')?.textContent ?? '';
  // An ARIA checkbox is named by its own text when it has some.
  const own = box.kind === 'aria-checkbox' ? element.textContent : '';
  return normalise(
    element.getAttribute('aria-label') || byId || label || own || element.getAttribute('title') || '',
  );
}

/** A cell that holds controls only (a tick box, a status select, a Delete button): never an identity. */
function holdsControls(cell: Element | undefined): boolean {
  if (!cell) return false;
  return cell.querySelector('input, select, textarea, button, [role="checkbox"], [role="button"]') !== null;
}

/** Links whose text is the same on every row ("Search", "View") are controls; distinct ones are data. */
function controlColumns(rows: Element[], width: number): boolean[] {
  const sample = rows.slice(0, 30);
  return Array.from({ length: width }, (_, column) => {
    const cells = sample.map((row) => ownCells(row)[column]);
    if (cells.length === 0) return false;
    if (cells.every(holdsControls)) return true;
    const links = cells.every(
      (cell) =>
        cell?.querySelector('a') && cellText(cell) === normalise(cell.querySelector('a')?.textContent),
    );
    return links && sample.length > 1 && new Set(cells.map(cellText)).size === 1;
  });
}

/**
 * Warnings drawn on rows (an icon whose alt text is the message, an element with class "warning"),
 * found through the element indexes rather than a selector scan of every cell.
 */
function rowWarnings(grid: Element): Map<Element, string> {
  const warnings = new Map<Element, string>();
  const markers = [
    ...Array.from(grid.getElementsByTagName('img')),
    ...Array.from(grid.getElementsByClassName('warning')),
    ...Array.from(grid.querySelectorAll('[role="img"][aria-label]')),
  ];
  for (const marker of markers) {
    // Icons of row controls (a Delete button's image) are not warnings.
    if (marker.closest('input, button, a, select, option, label, [role="button"]')) continue;
    const row = marker.closest(ROW);
    if (!row || warnings.has(row)) continue;
    const cell = marker.closest('td, [role="gridcell"], [role="cell"]');
    const text =
      normalise(cell?.textContent) ||
      normalise(marker.getAttribute('alt') || marker.getAttribute('title') || marker.textContent);
    if (text) warnings.set(row, text);
  }
  return warnings;
}

/** At most two children, themselves without children: its text is cheap to read (a page wrapper's is not). */
function isSmallLeaf(element: Element): boolean {
  if (element.childElementCount > 2) return false;
  for (const child of Array.from(element.children)) if (child.childElementCount > 0) return false;
  return true;
}

export function isBusy(root: ParentNode): boolean {
  // One walk of the page for the three kinds of signal: this runs on every change of the page.
  for (const element of queryOutsideRows(root, `${BUSY},${BUSY_OVERLAY},${BUSY_TEXT_HOLDER}`)) {
    const busy = element.matches(BUSY)
      ? true
      : element.matches(BUSY_OVERLAY)
        ? BUSY_TEXT.test(normalise(element.textContent))
        : // Overlays with neither ARIA nor a known class: a short leaf text that says it is waiting.
          isSmallLeaf(element) && BUSY_TEXT_STRICT.test(normalise(element.textContent));
    if (busy && isVisible(element)) return true;
  }
  return false;
}

function emptyMessageOf(grid: Grid): string | null {
  for (const row of [...grid.otherRows, ...grid.dataRows.slice(0, 1)]) {
    const text = normalise(visibleText(row));
    if (EMPTY_TEXT.test(text)) return text;
  }
  if (grid.dataRows.length > 0) return null;
  // No rows: the message may sit beside the grid; a grid with only its header is empty all the same.
  const scope = grid.element.parentElement ?? grid.element;
  for (const element of Array.from(scope.querySelectorAll('div, p, span, td, li, strong, em'))) {
    const text = normalise(element.textContent);
    if (text.length < 100 && EMPTY_TEXT.test(text) && isVisible(element)) return text;
  }
  return '';
}

/** A list drawn without any grid when empty: only its message where the list would be. */
function gridlessEmptyMessage(root: ParentNode): string | null {
  for (const element of queryOutsideRows(root, 'div, p, span, td, li, strong, em')) {
    if (!isSmallLeaf(element)) continue;
    const text = normalise(element.textContent);
    if (text.length < 100 && EMPTY_TEXT.test(text) && isVisible(element)) return text;
  }
  return null;
}

interface RowsRead {
  rows: ListRow[];
  identity: IdentitySource;
  problem: string | null;
  columns: string[];
  boxes: Array<TickBox | null>;
  cells: (row: number) => string[];
}

/** The rows of the list with their identities, fields and tick boxes. */
function readRows(grid: Grid): RowsRead {
  const columns = grid.headerCells.map(headerText);
  const rowElements = grid.dataRows;
  const width = Math.max(columns.length, ...rowElements.slice(0, 30).map((row) => ownCells(row).length));
  const texts: Array<Array<string | undefined>> = rowElements.map(() => []);
  const cell = (row: number, column: number): string => {
    const known = texts[row]![column];
    if (known !== undefined) return known;
    const text = cellText(ownCells(rowElements[row]!)[column]);
    texts[row]![column] = text;
    return text;
  };
  const sample = rowElements
    .slice(0, 60)
    .map((_, row) => Array.from({ length: width }, (_, column) => cell(row, column)));
  const plan = planColumns(columns, sample, controlColumns(rowElements, width));
  const boxes = rowElements.map(tickBoxOf);
  const identity = identify({
    rows: rowElements.length,
    width,
    plan,
    sample,
    cell,
    tickName: (row) => tickName(boxes[row] ?? null),
  });
  const warnings = plan.index.error < 0 ? rowWarnings(grid.element) : new Map<Element, string>();
  const field = (row: number, index: number) => (index >= 0 ? cell(row, index) : '');
  const rows = rowElements.map((element, row): ListRow => {
    const box = boxes[row] ?? null;
    return {
      reference: identity.ids[row] ?? '',
      contact: field(row, plan.index.contact),
      date: field(row, plan.index.date),
      amount: field(row, plan.index.amount),
      error: field(row, plan.index.error),
      warning: warnings.get(element) ?? '',
      selectable: box !== null && !isTickDisabled(box),
      checked: box !== null && isTicked(box),
    };
  });
  const problem =
    identity.duplicate !== null || rows.some((row) => row.reference === '')
      ? `Two rows of this list read the same${identity.duplicate ? ` ("${identity.duplicate.slice(0, 60)}")` : ''}, so they cannot be told apart; nothing was ticked.`
      : null;
  return {
    rows,
    identity: identity.source,
    problem,
    columns,
    boxes,
    cells: (row) => Array.from({ length: width }, (_, column) => cell(row, column)),
  };
}

/** With `rows: false` only the state and the count are read: what the panel needs on every change. */
export function readList(
  root: ParentNode,
  options: { rows?: boolean; count?: number | null } = {},
): ListReading {
  const busy = isBusy(root);
  const grid = findGrid(root, options.count);
  if (!grid) {
    const empty = busy ? null : gridlessEmptyMessage(root);
    return {
      state: busy ? 'loading' : empty !== null ? 'empty' : 'missing',
      columns: [],
      rows: [],
      count: 0,
      emptyMessage: empty,
      pager: null,
      identity: null,
      problem: null,
    };
  }
  // A grid without tick boxes beside a list's empty message is not the list (a summary, a legend).
  const emptyBeside =
    !grid.dataRows.some((row) => tickBoxOf(row) !== null) && !busy ? gridlessEmptyMessage(root) : null;
  const empty = emptyBeside ?? emptyMessageOf(grid);
  const pager = readPager(root, grid)?.text ?? null;
  const state: ListState = busy ? 'loading' : empty !== null ? 'empty' : 'rows';
  if (empty !== null || options.rows === false) {
    return {
      state,
      columns: grid.headerCells.map(headerText),
      rows: [],
      count: empty === null ? grid.dataRows.length : 0,
      emptyMessage: empty || null,
      pager,
      identity: null,
      problem: null,
    };
  }
  const read = readRows(grid);
  return {
    state,
    columns: read.columns,
    rows: read.rows,
    count: read.rows.length,
    emptyMessage: null,
    pager,
    identity: read.identity,
    problem: read.problem,
  };
}

/** The pager of the list (its controls and what it says), or null when the list is not paged. */
export function readPager(root: ParentNode, grid: Grid | null = findGrid(root)): PagerReading | null {
  if (!grid) return null;
  return readPagerIn(listArea(root, grid.element), grid);
}

export interface RowTick {
  reference: string;
  box: TickBox | null;
  checked: boolean;
  disabled: boolean;
}

/** Each data row's identity with its tick box, for ticking exactly the rows a step submits. */
export function rowTicks(root: ParentNode): RowTick[] {
  const grid = findGrid(root);
  if (!grid || emptyMessageOf(grid) !== null) return [];
  const read = readRows(grid);
  return read.rows.map((row, index) => {
    const box = read.boxes[index] ?? null;
    return {
      reference: row.reference,
      box,
      checked: box !== null && isTicked(box),
      disabled: box === null || isTickDisabled(box),
    };
  });
}

/** Each row's cell texts by identity: what a row showed, to tell what an upload changed on it. */
export function rowCells(root: ParentNode): Map<string, string[]> {
  const grid = findGrid(root);
  if (!grid || emptyMessageOf(grid) !== null) return new Map();
  const read = readRows(grid);
  return new Map(read.rows.map((row, index) => [row.reference, read.cells(index)]));
}

/**
 * The control that ticks every row: a tick box in the header row, or one beside the grid whose name says
 * "all". Null when there is none (rows are then ticked one by one).
 */
export function findSelectAll(root: ParentNode): TickBox | null {
  const grid = findGrid(root);
  if (!grid) return null;
  const inHeader = grid.header ? tickBoxOf(grid.header) : null;
  if (inHeader && inHeader.kind !== 'aria-selected-row' && isVisible(inHeader.target)) return inHeader;
  const area = listArea(root, grid.element);
  const boxes = Array.from(area.querySelectorAll('input[type="checkbox"], [role="checkbox"]')).filter(
    (box) => !grid.element.contains(box) && isVisible(box.closest('label') ?? box),
  );
  const named = boxes.filter((box) => {
    const tick: TickBox = {
      kind: box.tagName === 'INPUT' ? 'native' : 'aria-checkbox',
      target: box,
      state: box,
    };
    return SELECT_ALL_TEXT.test(tickName(tick) || normalise(box.parentElement?.textContent));
  });
  if (named.length !== 1) return null;
  const box = named[0]!;
  return { kind: box.tagName === 'INPUT' ? 'native' : 'aria-checkbox', target: box, state: box };
}

export type ControlLookup = { ok: true; element: HTMLElement } | { ok: false; reason: string };

/**
 * A button found by its exact label (counts ignored). Several visible matches are resolved only when one
 * sits clearly closer to the list; otherwise the lookup fails rather than guess.
 */
export function findControl(root: ParentNode, label: string): ControlLookup {
  const key = normaliseLabel(label).key;
  const matches = clickables(root).filter(
    (element) => controlNames(element).some((name) => labelKey(name) === key) && isVisible(element),
  ) as HTMLElement[];
  if (matches.length === 0) return { ok: false, reason: `No "${label}" button is visible on this sub-tab.` };
  let chosen = matches;
  if (matches.length > 1) {
    const grid = findGrid(root)?.element;
    const closeness = (element: Element) => {
      const shared = grid ? commonAncestor([element, grid]) : null;
      return shared ? depth(shared) : 0;
    };
    const best = Math.max(...matches.map(closeness));
    chosen = matches.filter((element) => closeness(element) === best);
  }
  if (chosen.length > 1)
    return { ok: false, reason: `Found ${chosen.length} "${label}" buttons; not guessing which.` };
  const element = chosen[0]!;
  if (isDisabled(element)) return { ok: false, reason: `The "${label}" button is disabled.` };
  return { ok: true, element };
}

export { isTicked, type TickBox } from './grid';
