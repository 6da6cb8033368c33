/**
 * What the reader saw, as text a user can send with a bug report: the page's structure and labels (tags,
 * roles, tab and button labels, column headers, row and tick-box counts, pager text) and never a row's
 * values, a name, or an amount. Also the one-line version a step shows when it cannot understand a list.
 */
import { confirmControls, readMessage } from './actions';
import { clickables, controlLabel, isVisible } from './dom';
import { classifyRows, findListGrid, type Grid, headerText, listArea, listControls, tickBoxOf } from './grid';
import { isBusy } from './list';
import { readPage } from './page';
import { readPagerIn } from './pager';
import { queryOutsideRows } from './scan';
import { DIALOG, GRID } from './selectors';
import { readTabStrips } from './tabs';

/** A tag as a person reporting it would: `<table class="grid">`, `<div role="grid">`. */
function tag(element: Element): string {
  const role = element.getAttribute('role');
  const type = element.tagName === 'INPUT' ? element.getAttribute('type') : null;
  const classes = Array.from(element.classList).slice(0, 2).join(' ');
  return `<${element.tagName.toLowerCase()}${type ? ` type="${type}"` : ''}${role ? ` role="${role}"` : ''}${classes ? ` class="${classes}"` : ''}>`;
}

const quoted = (text: string) => `"${text.replace(/\s+/g, ' ').trim().slice(0, 60)}"`;

function gridSummary(grid: Grid): string {
  const headers = grid.headerCells.map((cell) =>
    tickBoxOf(cell.closest('tr, [role="row"]') ?? cell) && cell.querySelector('input, [role="checkbox"]')
      ? '[tick box]'
      : quoted(headerText(cell)),
  );
  const ticks = grid.dataRows.map(tickBoxOf).filter((box) => box !== null);
  const kinds = [...new Set(ticks.map((box) => box.kind))].join(', ');
  const widths = [...new Set(grid.dataRows.slice(0, 50).map((row) => row.children.length))].join('/');
  return [
    tag(grid.element),
    grid.header
      ? `header of ${grid.headerCells.length} cells: ${headers.join(', ') || 'none'}`
      : 'no header row',
    `${grid.dataRows.length} data rows (${widths || 0} cells each)`,
    grid.otherRows.length > 0 ? `${grid.otherRows.length} other rows` : '',
    `${ticks.length} tick boxes${kinds ? ` (${kinds})` : ''}`,
  ]
    .filter(Boolean)
    .join('; ');
}

function visibleGrids(root: ParentNode): Grid[] {
  return Array.from(root.querySelectorAll(GRID))
    .filter((element) => isVisible(element) && !element.closest(DIALOG))
    .map(classifyRows)
    .filter((grid) => grid.dataRows.length > 0 || grid.header !== null);
}

/** One paragraph: what a step saw when it could not make sense of the list. */
export function describeList(root: ParentNode): string {
  const grids = visibleGrids(root);
  const chosen = findListGrid(root);
  const controls = listControls(root).map((element) => controlLabel(element));
  const parts = [
    `${grids.length} grid${grids.length === 1 ? '' : 's'} on the page`,
    chosen ? `the likeliest list: ${gridSummary(chosen)}` : 'none looks like a list of rows',
    controls.length > 0 ? `upload buttons: ${controls.map(quoted).join(', ')}` : 'no upload buttons',
    isBusy(root) ? 'a progress indicator is showing' : '',
  ];
  if (chosen) {
    const pager = readPagerIn(listArea(root, chosen.element), chosen);
    parts.push(pager ? `pager: ${quoted(pager.text)}` : 'no pager');
  }
  return `${parts.filter(Boolean).join('; ')}.`;
}

/** The whole dashboard's outline, one fact a line. */
export function pageOutline(doc: Document): string {
  const page = readPage(doc);
  const lines = [
    'Omni Smart Sync — page outline (structure and labels only: no row values, names or amounts)',
    `Address: ${doc.location?.pathname ?? ''}${doc.location?.search ? ` (query keys: ${[...new URLSearchParams(doc.location.search).keys()].join(', ')})` : ''}`,
    `Read as: ${page.kind}${page.provider ? ` (${page.provider})` : ''}; heading ${page.heading ? quoted(page.heading) : 'none naming the provider'}`,
  ];
  const strips = readTabStrips(doc.body);
  if (strips) {
    const item = (label: string, count: number | null, active: boolean) =>
      `${label}${count !== null ? ` (${count})` : ''}${active ? ' [open]' : ''}`;
    lines.push(`First row of tabs: ${strips.tabs.map((t) => item(t.label, t.count, t.active)).join(', ')}`);
    lines.push(
      `Second row of tabs: ${strips.subTabs.map((t) => item(t.label, t.count, t.active)).join(', ') || 'none found'}`,
    );
  } else lines.push('Tabs: none of the documented first-row labels found together');
  const grids = visibleGrids(doc.body);
  const chosen = findListGrid(doc.body);
  lines.push(`Grids: ${grids.length}`);
  grids.forEach((grid, index) => {
    const mark = chosen?.element === grid.element ? '  ← read as the list' : '';
    lines.push(`  ${index + 1}. ${gridSummary(grid)}${mark}`);
  });
  if (chosen) {
    const pager = readPagerIn(listArea(doc.body, chosen.element), chosen);
    lines.push(
      pager
        ? `Pager: ${quoted(pager.text)}; page ${pager.page ?? '?'} of ${pager.pages ?? '?'}; next ${pager.next ? 'yes' : 'no'}; previous ${pager.previous ? 'yes' : 'no'}; show more ${pager.showMore ? 'yes' : 'no'}; page links ${[...pager.pageLinks.keys()].join(', ') || 'none'}; rows per page ${pager.pageSize ? `${pager.pageSize.value} of ${pager.pageSize.options.join('/')}` : 'no choice'}`
        : 'Pager: none',
    );
  }
  const buttons = clickables(doc.body)
    .filter(
      (element) =>
        isVisible(element) &&
        element.tagName !== 'A' &&
        !(element.tagName === 'INPUT' && ['checkbox', 'radio'].includes((element as HTMLInputElement).type)),
    )
    .map((element) => `${tag(element)} ${quoted(controlLabel(element))}`);
  lines.push(`Buttons (${buttons.length}): ${buttons.slice(0, 40).join(', ')}`);
  lines.push(
    `Links: ${clickables(doc.body).filter((element) => element.tagName === 'A' && isVisible(element)).length}`,
  );
  const message = readMessage(doc.body);
  lines.push(
    `Busy: ${isBusy(doc.body) ? 'yes' : 'no'}; message: ${message ? `shown (${message.length} characters, text withheld)` : 'none'}`,
  );
  const dialogs = queryOutsideRows(doc.body, DIALOG).filter(isVisible);
  lines.push(
    `Dialogs: ${dialogs.map(tag).join(', ') || 'none'}; confirm-like buttons: ${confirmControls(doc.body).size}`,
  );
  return lines.join('\n');
}
