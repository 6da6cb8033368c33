/**
 * Reading the open sub-tab's list: which grid it is, its columns, its rows (reference, contact, date,
 * amount, error text), whether it is still loading or empty, and whether it is paged.
 */
import { clickables, commonAncestor, controlLabel, depth, isDisabled, isVisible, visibleText } from './dom';
import { labelKey, normaliseLabel } from './labels';
import { queryOutsideRows } from './scan';
import {
  BUSY,
  BUSY_OVERLAY,
  BUSY_TEXT,
  CELL,
  COLUMN_PATTERNS,
  EMPTY_TEXT,
  GRID,
  HEADER_CELL,
  PAGER,
  ROW,
  SELECT_ALL_TEXT,
} from './selectors';

export interface ListRow {
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

export type ListState = 'loading' | 'empty' | 'rows' | 'missing';

export interface ListReading {
  state: ListState;
  columns: string[];
  rows: ListRow[];
  /** How many rows the list shows (also when the rows themselves were not read). */
  count: number;
  emptyMessage: string | null;
  /** Text of a pager when the list shows one: the list may hold more rows than this page. */
  pager: string | null;
}

type Field = keyof typeof COLUMN_PATTERNS;
const FIELDS = Object.keys(COLUMN_PATTERNS) as Field[];

const normalise = (text: string | null | undefined) => {
  const trimmed = (text ?? '').trim();
  // Most cells hold plain text: skip the regex unless there is whitespace to fold.
  return /\s\s|[\n\t\r\u00a0]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
};

function ownRows(grid: Element): Element[] {
  if (grid.tagName === 'TABLE') return Array.from((grid as HTMLTableElement).rows);
  return Array.from(grid.querySelectorAll(ROW)).filter((row) => row.closest(GRID) === grid);
}

// Reading a row's cells is the hot path on a 2,000-row list: remembered per row element until the
// row changes (a new reading of a re-rendered list sees new elements).
const cellCache = new WeakMap<Element, { count: number; cells: Element[] }>();

function ownCells(row: Element): Element[] {
  const count = row.childElementCount;
  const cached = cellCache.get(row);
  if (cached && cached.count === count) return cached.cells;
  const cells =
    row.tagName === 'TR'
      ? Array.from((row as HTMLTableRowElement).cells)
      : Array.from(row.querySelectorAll(CELL)).filter((cell) => cell.closest(ROW) === row);
  cellCache.set(row, { count, cells });
  return cells;
}

function isHeaderRow(row: Element): boolean {
  if (row.parentElement?.tagName === 'THEAD') return true;
  const cells = ownCells(row);
  return cells.length > 0 && cells.every((cell) => cell.tagName === 'TH' || cell.matches(HEADER_CELL));
}

function isPagerRow(row: Element): boolean {
  if (row.parentElement?.tagName === 'TFOOT') return true;
  // A pager row spans the grid; a data row has a cell per column.
  return ownCells(row).length <= 1 && (row.matches(PAGER) || row.querySelector(PAGER) !== null);
}

function headerLabels(grid: Element): string[] | null {
  const header = ownRows(grid).find(isHeaderRow);
  if (!header) return null;
  return ownCells(header).map((cell) => normalise(visibleText(cell)));
}

function qualifies(grid: Element): boolean {
  const labels = headerLabels(grid);
  if (!labels) return false;
  const keys = labels.map(labelKey).filter(Boolean);
  const recognised = keys.filter((key) =>
    FIELDS.some((field) => COLUMN_PATTERNS[field].some((p) => p.test(key))),
  );
  return keys.length >= 2 && recognised.length >= 1;
}

const lastGrid = new WeakMap<ParentNode, Element>();

/** The list of the open sub-tab: the innermost visible grid with recognisable column headers. */
export function findGrid(root: ParentNode): Element | null {
  // The same list as last time while it is still shown: spares a scan of every element per reading.
  const last = lastGrid.get(root);
  if (last?.isConnected && isVisible(last) && qualifies(last)) return last;
  const found = scanForGrid(root);
  if (found) lastGrid.set(root, found);
  return found;
}

function scanForGrid(root: ParentNode): Element | null {
  const grids = Array.from(root.querySelectorAll(GRID)).filter((grid) => isVisible(grid) && qualifies(grid));
  const innermostGrids = grids.filter(
    (outer) => !grids.some((inner) => inner !== outer && outer.contains(inner)),
  );
  return innermostGrids.sort((a, b) => ownRows(b).length - ownRows(a).length)[0] ?? null;
}

function columnIndexes(labels: string[]): Record<Field, number> {
  const keys = labels.map(labelKey);
  const indexes = {} as Record<Field, number>;
  for (const field of FIELDS) {
    indexes[field] = -1;
    for (const pattern of COLUMN_PATTERNS[field]) {
      const index = keys.findIndex((key) => pattern.test(key));
      if (index >= 0) {
        indexes[field] = index;
        break;
      }
    }
  }
  return indexes;
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
  ];
  for (const marker of markers) {
    // Icons of row controls (a Delete button's image) are not warnings.
    if (marker.closest('input, button, a, select, option, label, [role="button"]')) continue;
    const row = marker.closest(ROW);
    if (!row || warnings.has(row)) continue;
    const text = normalise(marker.getAttribute('alt') || marker.getAttribute('title') || marker.textContent);
    if (text) warnings.set(row, text);
  }
  return warnings;
}

export function isBusy(root: ParentNode): boolean {
  if (queryOutsideRows(root, BUSY).some(isVisible)) return true;
  return queryOutsideRows(root, BUSY_OVERLAY).some(
    (el) => BUSY_TEXT.test(normalise(el.textContent)) && isVisible(el),
  );
}

/** A pager beside the grid or in its footer (not searched for among the rows themselves). */
function findPager(grid: Element): string | null {
  const places = [
    ...Array.from(grid.parentElement?.children ?? []).filter((sibling) => sibling !== grid),
    ...(grid.tagName === 'TABLE' && (grid as HTMLTableElement).tFoot
      ? [(grid as HTMLTableElement).tFoot!]
      : []),
  ];
  for (const place of places) {
    const pager = place.matches(PAGER) ? place : place.querySelector(PAGER);
    if (pager && isVisible(pager)) return normalise(visibleText(pager));
  }
  return null;
}

function emptyMessage(grid: Element, dataRows: Element[]): string | null {
  for (const row of dataRows) {
    if (ownCells(row).length > 1) continue;
    const text = normalise(visibleText(row));
    if (EMPTY_TEXT.test(text)) return text;
  }
  if (dataRows.length > 0) return null;
  const scope = grid.parentElement ?? grid;
  for (const element of Array.from(scope.querySelectorAll('div, p, span, td, li'))) {
    const text = normalise(element.textContent);
    if (text.length < 80 && EMPTY_TEXT.test(text) && isVisible(element)) return text;
  }
  return '';
}

/** With `rows: false` only the state and the count are read: what the panel needs on every change. */
export function readList(root: ParentNode, options: { rows?: boolean } = {}): ListReading {
  const busy = isBusy(root);
  const grid = findGrid(root);
  if (!grid) {
    return {
      state: busy ? 'loading' : 'missing',
      columns: [],
      rows: [],
      count: 0,
      emptyMessage: null,
      pager: null,
    };
  }
  const columns = headerLabels(grid) ?? [];
  const indexes = columnIndexes(columns);
  const dataRows = ownRows(grid).filter((row) => !isHeaderRow(row) && !isPagerRow(row));
  const empty = emptyMessage(grid, dataRows);
  const rows: ListRow[] = [];
  if (empty === null && options.rows !== false) {
    // Lists with an Errors column say it there; only others draw warnings as icons on the row.
    const warnings = indexes.error < 0 ? rowWarnings(grid) : new Map<Element, string>();
    const fields = (['reference', 'contact', 'date', 'amount', 'error'] as const).map(
      (field) => indexes[field],
    );
    for (const row of dataRows) {
      const cells = ownCells(row);
      // Only the columns a step uses are read: this loop runs for every row of a 2,000-row list.
      const [reference = '', contact = '', date = '', amount = '', error = ''] = fields.map((index) =>
        index >= 0 ? normalise(cells[index]?.textContent) : '',
      );
      const checkbox = row.querySelector<HTMLInputElement>('input[type="checkbox"]');
      if (!reference && !contact && !checkbox && cells.every((cell) => normalise(cell.textContent) === ''))
        continue;
      rows.push({
        reference,
        contact,
        date,
        amount,
        error,
        warning: warnings.get(row) ?? '',
        selectable: checkbox !== null && !checkbox.disabled,
        checked: checkbox?.checked ?? false,
      });
    }
  }
  const state: ListState = busy ? 'loading' : empty !== null ? 'empty' : 'rows';
  const count = options.rows === false ? (empty === null ? dataRows.length : 0) : rows.length;
  return { state, columns, rows, count, emptyMessage: empty || null, pager: findPager(grid) };
}

/** The header checkbox that ticks every row (or a checkbox labelled "Select all" beside the grid). */
export function findSelectAll(root: ParentNode): HTMLInputElement | null {
  const grid = findGrid(root);
  if (!grid) return null;
  const header = ownRows(grid).find(isHeaderRow);
  const inHeader = header?.querySelector<HTMLInputElement>('input[type="checkbox"]');
  if (inHeader && isVisible(inHeader)) return inHeader;
  const scope = grid.parentElement ?? grid;
  const labelledBoxes = Array.from(scope.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')).filter(
    (box) => {
      const label = box.getAttribute('aria-label') || box.labels?.[0]?.textContent || box.title;
      return SELECT_ALL_TEXT.test(normalise(label)) && isVisible(box);
    },
  );
  return labelledBoxes.length === 1 ? labelledBoxes[0]! : null;
}

/** Each data row's reference with its checkbox, for ticking exactly the rows a step submits. */
export function rowTickBoxes(
  root: ParentNode,
): Array<{ reference: string; checkbox: HTMLInputElement | null }> {
  const grid = findGrid(root);
  if (!grid) return [];
  const reference = columnIndexes(headerLabels(grid) ?? []).reference;
  return ownRows(grid)
    .filter((row) => !isHeaderRow(row) && !isPagerRow(row))
    .map((row) => ({
      reference: normalise(ownCells(row)[reference]?.textContent),
      checkbox: row.querySelector<HTMLInputElement>('input[type="checkbox"]'),
    }))
    .filter((row) => row.reference !== '');
}

export function rowCheckboxes(root: ParentNode): HTMLInputElement[] {
  const grid = findGrid(root);
  if (!grid) return [];
  return ownRows(grid)
    .filter((row) => !isHeaderRow(row) && !isPagerRow(row))
    .map((row) => row.querySelector<HTMLInputElement>('input[type="checkbox"]'))
    .filter((box): box is HTMLInputElement => box !== null);
}

export type ControlLookup = { ok: true; element: HTMLElement } | { ok: false; reason: string };

/**
 * A button found by its exact label (counts ignored). Several visible matches are resolved only when one
 * sits clearly closer to the list; otherwise the lookup fails rather than guess.
 */
export function findControl(root: ParentNode, label: string): ControlLookup {
  const key = normaliseLabel(label).key;
  const matches = clickables(root).filter(
    (element) => normaliseLabel(controlLabel(element)).key === key && isVisible(element),
  ) as HTMLElement[];
  if (matches.length === 0) return { ok: false, reason: `No "${label}" button is visible on this sub-tab.` };
  let chosen = matches;
  if (matches.length > 1) {
    const grid = findGrid(root);
    const closeness = (element: Element) => (grid ? depth(commonAncestor([element, grid])!) : 0);
    const best = Math.max(...matches.map(closeness));
    chosen = matches.filter((element) => closeness(element) === best);
  }
  if (chosen.length > 1)
    return { ok: false, reason: `Found ${chosen.length} "${label}" buttons; not guessing which.` };
  const element = chosen[0]!;
  if (isDisabled(element)) return { ok: false, reason: `The "${label}" button is disabled.` };
  return { ok: true, element };
}
