/**
 * Reading the open sub-tab's list: which grid it is, its columns, its rows (reference, contact, date,
 * amount, error text), whether it is still loading or empty, and whether it is paged.
 */
import { clickables, commonAncestor, controlLabel, depth, isDisabled, isVisible, visibleText } from './dom';
import { labelKey, normaliseLabel } from './labels';
import {
  BUSY,
  BUSY_TEXT,
  CELL,
  COLUMN_PATTERNS,
  EMPTY_TEXT,
  GRID,
  HEADER_CELL,
  PAGER,
  ROW,
  ROW_WARNING,
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
  cells: Record<string, string>;
  selectable: boolean;
  checked: boolean;
}

export type ListState = 'loading' | 'empty' | 'rows' | 'missing';

export interface ListReading {
  state: ListState;
  columns: string[];
  rows: ListRow[];
  emptyMessage: string | null;
  /** Text of a pager when the list shows one: the list may hold more rows than this page. */
  pager: string | null;
}

type Field = keyof typeof COLUMN_PATTERNS;
const FIELDS = Object.keys(COLUMN_PATTERNS) as Field[];

const normalise = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

function ownRows(grid: Element): Element[] {
  if (grid.tagName === 'TABLE') return Array.from((grid as HTMLTableElement).rows);
  return Array.from(grid.querySelectorAll(ROW)).filter((row) => row.closest(GRID) === grid);
}

function ownCells(row: Element): Element[] {
  if (row.tagName === 'TR') return Array.from((row as HTMLTableRowElement).cells);
  return Array.from(row.querySelectorAll(CELL)).filter((cell) => cell.closest(ROW) === row);
}

function isHeaderRow(row: Element): boolean {
  if (row.parentElement?.tagName === 'THEAD') return true;
  const cells = ownCells(row);
  return cells.length > 0 && cells.every((cell) => cell.matches(HEADER_CELL));
}

function isPagerRow(row: Element): boolean {
  return row.parentElement?.tagName === 'TFOOT' || row.querySelector(PAGER) !== null || row.matches(PAGER);
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

/** The list of the open sub-tab: the innermost visible grid with recognisable column headers. */
export function findGrid(root: ParentNode): Element | null {
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

function rowWarning(row: Element): string {
  for (const marker of Array.from(row.querySelectorAll(ROW_WARNING))) {
    if (marker.matches('input, button, a, select, option')) continue;
    const text = normalise(marker.getAttribute('title') || marker.getAttribute('alt') || marker.textContent);
    if (text) return text;
  }
  return '';
}

export function isBusy(root: ParentNode): boolean {
  if (Array.from(root.querySelectorAll(BUSY)).some(isVisible)) return true;
  const overlays = root.querySelectorAll(
    '[role="status"], [aria-live], [class*="load" i], [class*="overlay" i], [class*="spinner" i], [class*="progress" i]',
  );
  return Array.from(overlays).some((el) => BUSY_TEXT.test(normalise(el.textContent)) && isVisible(el));
}

function findPager(grid: Element): string | null {
  const scope = grid.parentElement ?? grid;
  const pager = Array.from(scope.querySelectorAll(PAGER)).find(isVisible);
  return pager ? normalise(visibleText(pager)) : null;
}

function emptyMessage(grid: Element, dataRows: Element[]): string | null {
  for (const row of dataRows) {
    const cells = ownCells(row);
    const text = normalise(visibleText(row));
    if (cells.length <= 1 && EMPTY_TEXT.test(text)) return text;
  }
  if (dataRows.length > 0) return null;
  const scope = grid.parentElement ?? grid;
  for (const element of Array.from(scope.querySelectorAll('div, p, span, td, li'))) {
    const text = normalise(element.textContent);
    if (text.length < 80 && EMPTY_TEXT.test(text) && isVisible(element)) return text;
  }
  return '';
}

export function readList(root: ParentNode): ListReading {
  const busy = isBusy(root);
  const grid = findGrid(root);
  if (!grid)
    return { state: busy ? 'loading' : 'missing', columns: [], rows: [], emptyMessage: null, pager: null };
  const columns = headerLabels(grid) ?? [];
  const indexes = columnIndexes(columns);
  const dataRows = ownRows(grid).filter((row) => !isHeaderRow(row) && !isPagerRow(row));
  const empty = emptyMessage(grid, dataRows);
  const rows: ListRow[] = [];
  if (empty === null) {
    for (const row of dataRows) {
      const texts = ownCells(row).map((cell) => normalise(cell.textContent));
      if (texts.every((text) => text === '') && !row.querySelector('input[type="checkbox"]')) continue;
      const pick = (field: Field) => texts[indexes[field]] ?? '';
      const checkbox = row.querySelector<HTMLInputElement>('input[type="checkbox"]');
      const cells: Record<string, string> = {};
      columns.forEach((column, index) => {
        if (column) cells[column] = texts[index] ?? '';
      });
      rows.push({
        reference: pick('reference'),
        contact: pick('contact'),
        date: pick('date'),
        amount: pick('amount'),
        error: pick('error'),
        warning: rowWarning(row),
        cells,
        selectable: checkbox !== null && !checkbox.disabled,
        checked: checkbox?.checked ?? false,
      });
    }
  }
  const state: ListState = busy ? 'loading' : empty !== null ? 'empty' : 'rows';
  return { state, columns, rows, emptyMessage: empty || null, pager: findPager(grid) };
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
