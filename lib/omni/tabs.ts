/**
 * Finding the dashboard's two rows of tabs by their labels: the first row is the smallest part of the
 * page holding at least three of the documented first-row labels; the second row is the strip of
 * documented sub-tab labels nearest to it (Omni's left navigation also says "Sales", "Customers"…).
 */
import type { SubTabInfo, TabInfo } from '../snapshots';
import {
  clickables,
  commonAncestor,
  controlLabel,
  depth,
  duringReading,
  isVisible,
  pathDepth,
  quickLabel,
} from './dom';
import {
  FIRST_ROW_KEYS,
  knownTab,
  labelKey,
  type NormalisedLabel,
  normaliseLabel,
  SUB_TAB_KEYS,
  subTabKind,
} from './labels';
import { SELECTED_CLASS, STRIP_CONTAINER, TAB_ITEM } from './selectors';

interface StripItem {
  element: Element;
  label: NormalisedLabel;
}

interface Strip {
  container: Element;
  items: StripItem[];
}

const MIN_FIRST_ROW_LABELS = 3;

/**
 * Visible clickables with their labels. With `keys`, only those whose label is one of them: checked
 * before visibility, which is the costly part on a 2,000-row list of row controls.
 */
function labelled(elements: Element[], keys?: ReadonlySet<string>): StripItem[] {
  const items: StripItem[] = [];
  const keyList = keys ? [...keys] : [];
  for (const element of elements) {
    if (keys) {
      // The cheap text must be, or start with, a wanted label (hidden extra text may follow it).
      const quick = normaliseLabel(quickLabel(element)).key;
      if (!keys.has(quick) && !keyList.some((key) => quick.startsWith(key))) continue;
    }
    const label = normaliseLabel(controlLabel(element));
    if (label.key === '' || (keys && !keys.has(label.key))) continue;
    if (isVisible(element)) items.push({ element, label });
  }
  return items;
}

/** Keep only containers that hold no other container: the tightest grouping of each strip. */
function innermost(containers: Iterable<Element>): Element[] {
  const list = [...new Set(containers)];
  return list.filter((outer) => !list.some((inner) => inner !== outer && outer.contains(inner)));
}

/** Every clickable in the container at the same nesting depth as the labels we recognised. */
function stripItems(container: Element, recognised: StripItem[], all: StripItem[]): StripItem[] {
  const depths = new Map<number, number>();
  for (const item of recognised) {
    const d = pathDepth(container, item.element);
    depths.set(d, (depths.get(d) ?? 0) + 1);
  }
  const rowDepth = [...depths.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return all.filter(
    (item) => container.contains(item.element) && pathDepth(container, item.element) === rowDepth,
  );
}

export function findFirstRow(root: ParentNode, all: Element[] = clickables(root, TAB_ITEM)): Strip | null {
  const candidates = labelled(all, FIRST_ROW_KEYS);
  const containers: Element[] = [];
  for (const candidate of candidates) {
    for (let ancestor = candidate.element.parentElement; ancestor; ancestor = ancestor.parentElement) {
      const keys = new Set(candidates.filter((c) => ancestor.contains(c.element)).map((c) => c.label.key));
      if (keys.size >= MIN_FIRST_ROW_LABELS) {
        containers.push(ancestor);
        break;
      }
    }
  }
  const distinct = (container: Element) =>
    new Set(candidates.filter((c) => container.contains(c.element)).map((c) => c.label.key)).size;
  const best = innermost(containers).sort((a, b) => distinct(b) - distinct(a))[0];
  if (!best) return null;
  const recognised = candidates.filter((c) => best.contains(c.element));
  return { container: best, items: stripItems(best, recognised, labelled(clickables(best, TAB_ITEM))) };
}

export function findSubTabRow(
  root: ParentNode,
  firstRow: Strip,
  activeTabLabel: string | null,
  all: Element[] = clickables(root, TAB_ITEM),
): Strip | null {
  const firstRowElements = new Set(firstRow.items.map((item) => item.element));
  const notFirstRow = (item: StripItem) => !firstRowElements.has(item.element);
  const candidates = labelled(all, SUB_TAB_KEYS).filter(notFirstRow);
  const containers: Element[] = [];
  for (const candidate of candidates) {
    let found: Element | null = null;
    for (let ancestor = candidate.element.parentElement; ancestor; ancestor = ancestor.parentElement) {
      // A grouping that swallows the first row (without being inside it) has left the strip.
      if (ancestor.contains(firstRow.container) && !firstRow.container.contains(candidate.element)) break;
      if (candidates.filter((c) => ancestor.contains(c.element)).length >= 2) {
        found = ancestor;
        break;
      }
    }
    containers.push(found ?? candidate.element.parentElement?.closest(STRIP_CONTAINER) ?? candidate.element);
  }
  const expected = new Set(knownTab(activeTabLabel ?? '')?.subTabs.map((sub) => labelKey(sub.label)) ?? []);
  const closeness = (container: Element) => {
    const shared = commonAncestor([container, firstRow.container]);
    return shared ? depth(shared) : 0;
  };
  const matches = (container: Element) =>
    candidates.filter((c) => container.contains(c.element) && expected.has(c.label.key)).length;
  const best = innermost(containers).sort(
    (a, b) => closeness(b) - closeness(a) || matches(b) - matches(a),
  )[0];
  if (!best) return null;
  const recognised = candidates.filter((c) => best.contains(c.element));
  return {
    container: best,
    items: stripItems(best, recognised, labelled(clickables(best, TAB_ITEM)).filter(notFirstRow)),
  };
}

/** The containers of the two rows of tabs: where a list's own area ends. */
export function stripContainers(root: ParentNode): Element[] {
  return duringReading('strips', root, () => findStripContainers(root));
}

function findStripContainers(root: ParentNode): Element[] {
  const all = clickables(root, TAB_ITEM);
  const first = findFirstRow(root, all);
  if (!first) return [];
  const active = first.items.find((item) => isActiveTab(item.element, first.container));
  const sub = findSubTabRow(root, first, active?.label.text ?? null, all);
  return sub ? [first.container, sub.container] : [first.container];
}

function hasSelectedClass(element: Element): boolean {
  return Array.from(element.classList).some((token) => SELECTED_CLASS.test(token));
}

/** Selected by ARIA state, or by a selected/active class on the item or its wrappers inside the strip. */
export function isActiveTab(element: Element, container: Element): boolean {
  for (let node: Element | null = element; node && node !== container; node = node.parentElement) {
    if (node.getAttribute('aria-selected') === 'true' || node.getAttribute('aria-pressed') === 'true')
      return true;
    if (node.getAttribute('aria-checked') === 'true') return true;
    const current = node.getAttribute('aria-current');
    if (current && current !== 'false') return true;
    if (hasSelectedClass(node)) return true;
  }
  return false;
}

export interface TabStrips {
  tabs: TabInfo[];
  subTabs: SubTabInfo[];
  activeTab: string | null;
  activeSubTab: string | null;
}

export function readTabStrips(root: ParentNode): TabStrips | null {
  const all = clickables(root, TAB_ITEM);
  const firstRow = findFirstRow(root, all);
  if (!firstRow) return null;
  const tabs: TabInfo[] = firstRow.items.map(({ element, label }) => {
    const known = knownTab(label.text);
    return {
      label: label.text,
      key: label.key,
      count: label.count,
      active: isActiveTab(element, firstRow.container),
      known: known !== undefined,
      syncs: known?.syncs ?? false,
    };
  });
  const activeTab = tabs.find((tab) => tab.active)?.label ?? null;
  const subRow = findSubTabRow(root, firstRow, activeTab, all);
  const subTabs: SubTabInfo[] = (subRow?.items ?? []).map(({ element, label }) => {
    const { kind, known } = subTabKind(activeTab ?? '', label.text);
    return {
      label: label.text,
      key: label.key,
      count: label.count,
      active: isActiveTab(element, subRow!.container),
      known,
      kind,
      syncs: kind !== 'read-only',
    };
  });
  return { tabs, subTabs, activeTab, activeSubTab: subTabs.find((sub) => sub.active)?.label ?? null };
}

/** The element to click for a first-row tab or a sub-tab of the open tab, found by its label. */
export function findTabElement(root: ParentNode, level: 'tab' | 'subTab', label: string): Element | null {
  const all = clickables(root, TAB_ITEM);
  const firstRow = findFirstRow(root, all);
  if (!firstRow) return null;
  const key = labelKey(normaliseLabel(label).text);
  let strip: Strip | null = firstRow;
  if (level === 'subTab') {
    const active = firstRow.items.find((item) => isActiveTab(item.element, firstRow.container));
    strip = findSubTabRow(root, firstRow, active?.label.text ?? null, all);
  }
  const matches = strip?.items.filter((item) => item.label.key === key) ?? [];
  return matches.length === 1 ? matches[0]!.element : null;
}
