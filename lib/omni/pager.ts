/**
 * A list's pager, recognised by its controls and texts beside the grid (SPEC §2: pagination is
 * undocumented): next/previous, page numbers, "Page 2 of 3", "1–20 of 45", "Show more", a rows-per-page
 * select. Only these controls of the step's own list may be clicked (SPEC §3).
 */
import { clickables, controlLabel, isDisabled, isVisible, visibleText } from './dom';
import type { Grid } from './grid';
import { normalise } from './grid';
import { PAGER, PAGER_LABELS, PAGER_TEXT, SELECTED_CLASS } from './selectors';

export interface PagerReading {
  /** What the pager says, for people: its info text, else its controls' labels. */
  text: string;
  /** The page shown (1-based), when the pager says it. */
  page: number | null;
  pages: number | null;
  /** Items in the whole list, when the pager says it. */
  total: number | null;
  /** Enabled controls; null when absent or disabled. */
  next: Element | null;
  previous: Element | null;
  showMore: Element | null;
  /** Page numbers that can be clicked. */
  pageLinks: Map<number, Element>;
  pageSize: { select: HTMLSelectElement; value: number; options: number[] } | null;
}

type PagerRole = 'next' | 'previous' | 'first' | 'last' | 'showMore' | 'pageNumber';

/** The names a control goes by: its text, aria-label and title (symbols often carry words in aria-label). */
function names(element: Element): string[] {
  return [
    controlLabel(element),
    element.getAttribute('aria-label') ?? '',
    element.getAttribute('title') ?? '',
  ]
    .map((name) => normalise(name))
    .filter(Boolean);
}

function roleOf(element: Element): PagerRole | null {
  // "Next ›" and "‹ Prev" are words with an arrow for decoration: the word decides.
  const all = names(element).map((name) =>
    /\p{L}/u.test(name)
      ? name
          .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
          .replace(/\s+/g, ' ')
          .trim()
      : name,
  );
  // Words win over symbols: "»" titled "Next page" is next, not last.
  for (const role of ['showMore', 'next', 'previous', 'first', 'last'] as const) {
    if (all.slice(1).some((name) => PAGER_LABELS[role].test(name))) return role;
  }
  for (const role of ['showMore', 'next', 'previous', 'first', 'last', 'pageNumber'] as const) {
    if (all[0] && PAGER_LABELS[role].test(all[0])) return role;
  }
  return null;
}

const disabled = (element: Element) =>
  isDisabled(element) || /(^|[-_\s])disabled($|[-_\s])/i.test(element.getAttribute('class') ?? '');

function isCurrent(element: Element): boolean {
  for (
    let node: Element | null = element;
    node && node !== element.parentElement?.parentElement;
    node = node.parentElement
  ) {
    const current = node.getAttribute('aria-current');
    if ((current && current !== 'false') || node.getAttribute('aria-selected') === 'true') return true;
    if (Array.from(node.classList).some((token) => SELECTED_CLASS.test(token))) return true;
  }
  return false;
}

/** Outside the grid's data and header rows, where a pager's controls live (its other rows count). */
function outsideRows(grid: Grid, element: Element): boolean {
  if (!grid.element.contains(element)) return true;
  return grid.otherRows.some((row) => row.contains(element));
}

/**
 * Elements matching `selector` in the scope but not inside the grid, plus those in the grid's pager
 * rows: the grid's own rows are never walked (on a 2,000-row list that walk is the whole cost).
 */
function besideRows(scope: Element, grid: Grid, selector: string): Element[] {
  const found: Element[] = [];
  const doc = scope.ownerDocument;
  const walker = doc.createTreeWalker(scope, 1 /* NodeFilter.SHOW_ELEMENT */, {
    acceptNode: (node) => (node === grid.element ? 2 /* FILTER_REJECT */ : 1 /* FILTER_ACCEPT */),
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if ((node as Element).matches(selector)) found.push(node as Element);
  }
  for (const row of grid.otherRows) found.push(...Array.from(row.querySelectorAll(selector)));
  return found;
}

/** Plain numbers beside the page links (the current page is often not a link). */
function numberTexts(scope: Element, grid: Grid): Element[] {
  return besideRows(scope, grid, 'span, b, strong, em, li, a, button, [aria-current]').filter(
    (element) =>
      element.childElementCount === 0 &&
      PAGER_LABELS.pageNumber.test(normalise(element.textContent)) &&
      isVisible(element),
  );
}

function pageSizeSelect(scope: Element, grid: Grid): PagerReading['pageSize'] {
  for (const select of besideRows(scope, grid, 'select') as HTMLSelectElement[]) {
    if (!isVisible(select)) continue;
    const options = Array.from(select.options).map((option) => normalise(option.textContent || option.value));
    // A select of whole numbers only is a rows-per-page choice (a status select holds words).
    if (options.length < 2 || !options.every((text) => /^\d{1,4}$/.test(text))) continue;
    const numbers = options.map(Number);
    const chosen = select.options[select.selectedIndex];
    const value = Number(normalise(chosen?.textContent) || select.value);
    return { select, value, options: numbers };
  }
  return null;
}

function infoText(scope: Element, grid: Grid): string {
  // Text outside the list's rows: the rows themselves may hold numbers that look like pager text.
  const parts: string[] = [];
  const walk = (node: Element) => {
    for (const child of Array.from(node.children)) {
      if (child === grid.element) continue;
      if (child.tagName === 'SCRIPT' || child.tagName === 'STYLE' || child.tagName === 'SELECT') continue;
      if (child.childElementCount === 0) parts.push(child.textContent ?? '');
      else {
        // Text nodes directly inside a container ("Page 2 of 3" beside its links).
        for (const text of Array.from(child.childNodes))
          if (text.nodeType === 3) parts.push(text.nodeValue ?? '');
        walk(child);
      }
    }
  };
  walk(scope);
  for (const row of grid.otherRows) walk(row);
  return normalise(parts.join(' '));
}

export function readPagerIn(scope: Element, grid: Grid): PagerReading | null {
  const controls = clickables(scope).filter((element) => outsideRows(grid, element) && isVisible(element));
  const roles = new Map<Element, PagerRole>();
  for (const element of controls) {
    // A "More" that opens a menu is not a pager's.
    if (element.hasAttribute('aria-haspopup')) continue;
    const role = roleOf(element);
    if (role) roles.set(element, role);
  }
  const info = infoText(scope, grid);
  const pageOf = PAGER_TEXT.pageOf.exec(info);
  const range = PAGER_TEXT.range.exec(info);
  const showing = PAGER_TEXT.showing.exec(info);
  const pageSize = pageSizeSelect(scope, grid);
  const numbered = [...roles].filter(([, role]) => role === 'pageNumber').map(([element]) => element);
  // Page numbers alone make a pager when there are several, or when drawn in a pager's own container.
  const inPager = numbered.some((element) => element.closest(PAGER) !== null);
  const hasPaging =
    [...roles.values()].some((role) => role !== 'pageNumber') ||
    numbered.length >= 2 ||
    inPager ||
    pageOf ||
    range ||
    showing ||
    pageSize;
  if (!hasPaging) return null;

  const enabled = (role: PagerRole) =>
    [...roles].find(([element, found]) => found === role && !disabled(element))?.[0] ?? null;
  const pageLinks = new Map<number, Element>();
  for (const element of numbered) {
    if (!disabled(element) && !isCurrent(element))
      pageLinks.set(Number(normalise(controlLabel(element))), element);
  }
  let page: number | null = pageOf ? Number(pageOf[1]) : null;
  let pages: number | null = pageOf ? Number(pageOf[2]) : null;
  const total: number | null = range ? Number(range[3]) : showing ? Number(showing[2]) : null;
  if (page === null) {
    const current = numberTexts(scope, grid).find(
      (element) => isCurrent(element) || !controls.includes(element),
    );
    if (current) page = Number(normalise(current.textContent));
  }
  if (page === null && range) {
    const [first, last, all] = [Number(range[1]), Number(range[2]), Number(range[3])];
    // The last page may be short: its range says nothing of the page size.
    const size = pageSize?.value ?? (last < all ? last - first + 1 : first === 1 ? last : 0);
    if (size > 0) page = Math.floor((first - 1) / size) + 1;
  }
  if (pages === null && total !== null && pageSize) pages = Math.max(1, Math.ceil(total / pageSize.value));
  const labels = controls
    .filter((element) => roles.has(element))
    .map((element) => normalise(visibleText(element)));
  const said = [pageOf?.[0], range?.[0], showing?.[0]].filter(Boolean).join(', ');
  return {
    text: said || labels.join(' ') || (pageSize ? `rows per page ${pageSize.value}` : ''),
    page,
    pages,
    total,
    // Numbered pages without arrows: the next page's number is the way forward.
    next: enabled('next') ?? (page !== null ? (pageLinks.get(page + 1) ?? null) : null),
    previous: enabled('previous') ?? (page !== null ? (pageLinks.get(page - 1) ?? null) : null),
    showMore: enabled('showMore'),
    pageLinks,
    pageSize,
  };
}

/** Whether every row of the list is on the page now (nothing to page to, nothing more to show). */
export function showsEverything(pager: PagerReading | null, rowsShown: number): boolean {
  if (!pager) return true;
  if (pager.next || pager.showMore || pager.previous || pager.pageLinks.size > 0) return false;
  return pager.total === null || rowsShown >= pager.total;
}
