/**
 * The open sub-tab's list found by its structure (SPEC §2 "What is NOT known"): a grid of repeated data
 * rows — a table, an ARIA grid or table, or loose `role=row` elements — usually with a tick box per row and
 * the sub-tab's upload control near it. Header words are never needed to find it.
 */
import { clickables, commonAncestor, controlNames, depth, isVisible, quickLabel, visibleText } from './dom';
import { labelKey } from './labels';
import { CELL, DIALOG, GRID, HEADER_CELL, LIST_CONTROL_KEYS, ROW } from './selectors';
import { stripContainers } from './tabs';

export interface Grid {
  element: Element;
  header: Element | null;
  headerCells: Element[];
  dataRows: Element[];
  /** Rows that are neither header nor data: a pager row, the empty message, a group title. */
  otherRows: Element[];
}

export type TickKind = 'native' | 'aria-checkbox' | 'aria-selected-row';

/** What a person clicks to tick a row (or every row), and where its state is read back. */
export interface TickBox {
  kind: TickKind;
  /** The element a click goes to. */
  target: Element;
  /** The element whose state says ticked or not (the input, the checkbox, the row). */
  state: Element;
}

export const normalise = (text: string | null | undefined) => {
  const trimmed = (text ?? '').trim();
  // Most cells hold plain text: skip the regex unless there is whitespace to fold.
  return /\s\s|[\n\t\r\u00a0]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
};

const isTable = (element: Element) => element.tagName === 'TABLE';

/** A grid's own rows: not those of a grid nested in one of its cells. */
export function ownRows(grid: Element): Element[] {
  if (isTable(grid)) return Array.from((grid as HTMLTableElement).rows);
  // A div grid, or the parent of loose role=row rows (which has no grid role of its own).
  const loose = !grid.matches(GRID);
  return Array.from(grid.querySelectorAll(ROW)).filter((row) => {
    const owner = row.parentElement?.closest(GRID) ?? null;
    return owner === grid || (loose && owner === null);
  });
}

// Reading a row's cells is the hot path on a 2,000-row list: remembered per row element until the
// row changes (a new reading of a re-rendered list sees new elements).
const cellCache = new WeakMap<Element, { count: number; cells: Element[] }>();

export function ownCells(row: Element): Element[] {
  const count = row.childElementCount;
  const cached = cellCache.get(row);
  if (cached && cached.count === count) return cached.cells;
  let cells: Element[];
  if (row.tagName === 'TR') cells = Array.from((row as HTMLTableRowElement).cells);
  else {
    cells = Array.from(row.children).filter((child) => child.matches(CELL));
    // Div rows whose cells carry no role: every child is a cell.
    if (cells.length === 0) cells = Array.from(row.children);
  }
  cellCache.set(row, { count, cells });
  return cells;
}

function isHeaderRow(row: Element): boolean {
  if (row.parentElement?.tagName === 'THEAD') return true;
  const cells = ownCells(row);
  return cells.length > 0 && cells.every((cell) => cell.tagName === 'TH' || cell.matches(HEADER_CELL));
}

/** The tick box of a row or header: a native checkbox (also a visually hidden one), ARIA, or a selectable row. */
export function tickBoxOf(row: Element): TickBox | null {
  const native = row.querySelector('input[type="checkbox"]');
  if (native && native.closest(ROW) === row) return { kind: 'native', target: native, state: native };
  const aria = row.querySelector('[role="checkbox"]');
  if (aria && aria.closest(ROW) === row) return { kind: 'aria-checkbox', target: aria, state: aria };
  if (row.hasAttribute('aria-selected')) {
    // A click on a plain cell reaches the row's own handler, and no link or button inside it.
    const cell = ownCells(row).find(
      (candidate) => !candidate.querySelector('a, button, input, select, textarea'),
    );
    return { kind: 'aria-selected-row', target: cell ?? row, state: row };
  }
  return null;
}

export function isTicked(box: TickBox): boolean {
  if (box.kind === 'native') return (box.state as HTMLInputElement).checked === true;
  const attribute = box.kind === 'aria-checkbox' ? 'aria-checked' : 'aria-selected';
  return box.state.getAttribute(attribute) === 'true';
}

export function isTickDisabled(box: TickBox): boolean {
  return (
    (box.state as HTMLInputElement).disabled === true ||
    box.state.getAttribute('aria-disabled') === 'true' ||
    box.target.getAttribute('aria-disabled') === 'true'
  );
}

// Classifying a 2,000-row grid costs milliseconds: kept while the grid keeps the very same rows.
const classified = new WeakMap<Element, { rows: Element[]; grid: Grid }>();

export function classifyRows(grid: Element): Grid {
  const rows = ownRows(grid);
  const known = classified.get(grid);
  if (known && known.rows.length === rows.length && known.rows.every((row, i) => row === rows[i]))
    return known.grid;
  const result = classifyFresh(grid, rows);
  classified.set(grid, { rows, grid: result });
  return result;
}

function classifyFresh(grid: Element, rows: Element[]): Grid {
  const header = rows.find(isHeaderRow) ?? null;
  const headerCells = header ? ownCells(header) : [];
  const columns = headerCells.length;
  const dataRows: Element[] = [];
  const otherRows: Element[] = [];
  for (const row of rows) {
    if (row === header || isHeaderRow(row)) continue;
    const cells = ownCells(row);
    const spanning = cells.length === 1 && columns !== 1;
    if (row.parentElement?.tagName === 'TFOOT' || spanning || cells.length === 0) otherRows.push(row);
    else dataRows.push(row);
  }
  return { element: grid, header, headerCells, dataRows, otherRows };
}

/**
 * A box of facts rather than a list: no column headers, no tick boxes, and at most two cells a row (a
 * label and its value, an icon and its meaning). Summaries and legends beside a list look like this.
 */
function isKeyValueTable(grid: Grid): boolean {
  if (grid.header !== null || grid.dataRows.length === 0) return false;
  return grid.dataRows.every((row) => ownCells(row).length <= 2 && tickBoxOf(row) === null);
}

/** The visible upload controls a sub-tab may have (what places a grid as "the list"). */
export function listControls(root: ParentNode): Element[] {
  return clickables(root).filter((element) => {
    // The cheap text first: this runs over every clickable outside big lists.
    const quick = `${quickLabel(element)} ${element.getAttribute('aria-label') ?? ''} ${element.getAttribute('title') ?? ''}`;
    if (!/upload|update|refresh/i.test(quick)) return false;
    return controlNames(element).some((name) => LIST_CONTROL_KEYS.has(labelKey(name))) && isVisible(element);
  });
}

/** Candidate grids: tables and ARIA grids, and the container of loose `role=row` rows. */
function candidates(root: ParentNode): Element[] {
  const found = Array.from(root.querySelectorAll(GRID));
  const looseRow = Array.from(root.querySelectorAll('[role="row"]')).find(
    (row) => row.closest(GRID) === null,
  );
  let container = looseRow?.parentElement ?? null;
  // Rows grouped by role=rowgroup: the grid is the element holding the groups.
  if (container?.getAttribute('role') === 'rowgroup') container = container.parentElement;
  if (container && !found.includes(container)) found.push(container);
  return found;
}

interface Scored {
  grid: Grid;
  score: number;
}

/**
 * The list of the open sub-tab. Among the visible grids that hold rows (innermost first, so layout tables
 * are passed over), the one with tick boxes, the most rows, and the upload controls closest to it.
 */
export function findListGrid(root: ParentNode, hint: { count?: number | null } = {}): Grid | null {
  const visible = candidates(root).filter((element) => !element.closest(DIALOG) && isVisible(element));
  const grids = visible
    .map(classifyRows)
    .filter((grid) => (grid.dataRows.length > 0 || grid.header !== null) && !isKeyValueTable(grid));
  // A layout table holds the list in one of its cells: keep the innermost grid of each nest.
  const inner = grids.filter(
    (outer) =>
      !grids.some(
        (other) => other !== outer && outer.element.contains(other.element) && other.dataRows.length > 0,
      ),
  );
  if (inner.length <= 1) return inner[0] ?? null;
  const controls = listControls(root);
  const closeness = (grid: Grid) =>
    controls.length === 0
      ? 0
      : Math.max(
          ...controls.map((control) => {
            const shared = commonAncestor([control, grid.element]);
            return shared ? depth(shared) : 0;
          }),
        );
  const closest = Math.max(...inner.map(closeness));
  const scored: Scored[] = inner.map((grid) => {
    const ticks = grid.dataRows.filter((row) => tickBoxOf(row) !== null).length;
    let score = Math.min(grid.dataRows.length, 50);
    if (ticks > 0 && ticks >= grid.dataRows.length / 2) score += 100;
    if (grid.header) score += 15;
    if (controls.length > 0 && closeness(grid) === closest) score += 60;
    if (hint.count !== null && hint.count !== undefined && grid.dataRows.length === hint.count) score += 30;
    score += Math.min(grid.headerCells.length || ownCells(grid.dataRows[0] ?? grid.element).length, 10);
    return { grid, score };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored[0]!.grid;
}

/** The smallest part of the page holding the list and its upload controls: where pagers and messages sit. */
export function listArea(root: ParentNode, grid: Element): Element {
  const doc = grid.ownerDocument;
  const top = (element: Element | null) =>
    !element || element === doc.body || element === doc.documentElement;
  // The list's panel: the largest part of the page around the grid that holds no row of tabs.
  const strips = stripContainers(root);
  let panel: Element = grid;
  if (strips.length > 0) {
    for (let node = grid.parentElement; node && !top(node); node = node.parentElement) {
      if (strips.some((strip) => node.contains(strip))) break;
      panel = node;
    }
  }
  if (panel === grid)
    panel = top(grid.parentElement?.parentElement ?? null)
      ? (grid.parentElement ?? grid)
      : grid.parentElement!.parentElement!;
  // Upload controls drawn further out than that panel still belong to the list.
  const controls = listControls(root);
  const near = controls.length > 0 ? commonAncestor([grid, ...controls]) : null;
  return near && !top(near) && near.contains(panel) ? near : panel;
}

export const cellText = (cell: Element | undefined) => normalise(cell?.textContent);
export const headerText = (cell: Element) => normalise(visibleText(cell));
