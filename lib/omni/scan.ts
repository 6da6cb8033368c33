/**
 * Page-wide lookups that skip the rows of big lists. Tabs, headings, overlays, messages and buttons are
 * never inside a list's rows, and on a 2,000-row list a selector matched against every element costs
 * more than the 50 ms a task may take (SPEC §6).
 */
import { ROW } from './selectors';

/** A list body with more rows than this is skipped; layout tables of WebForms pages have a handful. */
const BIG_LIST_ROWS = 40;

/** Where a div grid's rows sit, looked up at most once a second per root (the lookup scans the page). */
const divRowParents = new WeakMap<ParentNode, { parent: Element | null; at: number }>();

function divRowParent(root: ParentNode): Element | null {
  const cached = divRowParents.get(root);
  const now = Date.now();
  if (cached && (cached.parent ? cached.parent.isConnected : now - cached.at < 1000)) return cached.parent;
  const parent = root.querySelector('[role="row"]')?.parentElement ?? null;
  divRowParents.set(root, { parent, at: now });
  return parent;
}

function bigListRows(root: ParentNode): Set<Element> {
  const skip = new Set<Element>();
  const scope = root as Element | Document;
  for (const body of Array.from(scope.getElementsByTagName('tbody'))) {
    if (body.children.length > BIG_LIST_ROWS) skip.add(body);
  }
  // Div grids: a parent with many role=row children.
  const rowParent = divRowParent(root);
  if (rowParent && rowParent.children.length > BIG_LIST_ROWS) {
    for (const row of Array.from(rowParent.children)) {
      // Keep the header row: its checkbox and labels are read page-wide.
      if (row.matches(ROW) && !row.querySelector('[role="columnheader"]')) skip.add(row);
    }
  }
  return skip;
}

export function queryOutsideRows(root: ParentNode, selector: string): Element[] {
  const skip = bigListRows(root);
  if (skip.size === 0) return Array.from(root.querySelectorAll(selector));
  const start = root as Node;
  const doc = start.ownerDocument ?? (start as Document);
  const walker = doc.createTreeWalker(start, 1 /* NodeFilter.SHOW_ELEMENT */, {
    acceptNode: (node) => (skip.has(node as Element) ? 2 /* FILTER_REJECT */ : 1 /* FILTER_ACCEPT */),
  });
  const found: Element[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if ((node as Element).matches(selector)) found.push(node as Element);
  }
  return found;
}
