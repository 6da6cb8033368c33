/** Generic DOM reading used by the Omni finders: visibility, accessible-ish labels, tree geometry. */
import { queryOutsideRows } from './scan';
import { CLICKABLE } from './selectors';

/**
 * Hidden-ness of elements already judged in this synchronous reading: one reading asks about many
 * elements with the same ancestors, and a computed style per ancestor per question adds up. Forgotten
 * at the next microtask (the page may change between tasks) and whenever the extension clicks.
 */
let judged: Map<Element, boolean> | null = null;
/** Lookups made in this synchronous reading, by root and question (the same lifetime as `judged`). */
let remembered: Map<string, WeakMap<object, unknown>> | null = null;

export function forgetReadings(): void {
  judged = null;
  remembered = null;
}

/** `compute(root)`, once per root and question within one synchronous reading. */
export function duringReading<T>(question: string, root: ParentNode, compute: () => T): T {
  if (!remembered) {
    const fresh = new Map<string, WeakMap<object, unknown>>();
    remembered = fresh;
    queueMicrotask(() => {
      if (remembered === fresh) remembered = null;
    });
  }
  let answers = remembered.get(question);
  if (!answers) {
    answers = new WeakMap();
    remembered.set(question, answers);
  }
  if (answers.has(root)) {
    const known = answers.get(root) as T;
    // A page replaced within the same task (a test, a synchronous re-render) leaves elements detached.
    const stale =
      Array.isArray(known) &&
      known.some(
        (item) => typeof item === 'object' && item !== null && 'isConnected' in item && !item.isConnected,
      );
    if (!stale) return known;
  }
  const answer = compute();
  answers.set(root, answer);
  return answer;
}

function ownHidden(node: Element): boolean {
  if (node.hasAttribute('hidden') || node.getAttribute('aria-hidden') === 'true') return true;
  if (node.tagName === 'INPUT' && (node as HTMLInputElement).type === 'hidden') return true;
  const style = node.ownerDocument.defaultView?.getComputedStyle(node);
  return style !== undefined && (style.display === 'none' || style.visibility === 'hidden');
}

export function isHidden(element: Element): boolean {
  if (!judged) {
    const fresh = new Map<Element, boolean>();
    judged = fresh;
    queueMicrotask(() => {
      if (judged === fresh) judged = null;
    });
  }
  const cache = judged;
  const chain: Element[] = [];
  let hidden = false;
  for (let node: Element | null = element; node; node = node.parentElement) {
    const known = cache.get(node);
    if (known !== undefined) {
      hidden = known;
      break;
    }
    chain.push(node);
  }
  // From the top down: below a hidden element everything is hidden; below a visible one, as its own style says.
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    const node = chain[i]!;
    if (!hidden && ownHidden(node)) hidden = true;
    cache.set(node, hidden);
  }
  return hidden;
}

export const isVisible = (element: Element) => !isHidden(element);

/** Visible text with text nodes joined by spaces, so a badge reads "Errors 3", not "Errors3". */
export function visibleText(element: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) parts.push(child.nodeValue ?? '');
      else if (child.nodeType === 1) {
        const el = child as Element;
        if (el.tagName === 'SCRIPT' || el.tagName === 'STYLE' || el.tagName === 'TEMPLATE') continue;
        if (el.hasAttribute('hidden') || (el as HTMLElement).style?.display === 'none') continue;
        parts.push(' ');
        walk(el);
        parts.push(' ');
      }
    }
  };
  walk(element);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Every name a control goes by: its text or value, aria-label and title (any of them may be the label). */
export function controlNames(element: Element): string[] {
  const names = [
    controlLabel(element),
    element.getAttribute('aria-label') ?? '',
    element.getAttribute('title') ?? '',
  ];
  return [...new Set(names.map((name) => name.replace(/\s+/g, ' ').trim()).filter(Boolean))];
}

/** The label a person would use for a control: its value for input buttons, else aria-label or text. */
export function controlLabel(element: Element): string {
  // Tag checks, not instanceof: the page's elements may come from another realm (isolated worlds, tests).
  if (element.tagName === 'INPUT') {
    return ((element as HTMLInputElement).value || element.getAttribute('aria-label') || '').trim();
  }
  const aria = element.getAttribute('aria-label');
  const text = visibleText(element);
  return text || (aria ?? '').trim() || (element.getAttribute('title') ?? '').trim();
}

export function isDisabled(element: Element): boolean {
  return (
    (element as HTMLButtonElement).disabled === true ||
    element.getAttribute('aria-disabled') === 'true' ||
    element.closest('fieldset[disabled]') !== null
  );
}

/**
 * Clickable elements under root outside the rows of big lists, innermost only: an `li[onclick]`
 * wrapping an `a` yields the `a`. Row controls are never what the finders look for.
 */
export function clickables(root: ParentNode, selector: string = CLICKABLE): Element[] {
  return duringReading(`clickables ${selector}`, root, () => innermostClickables(root, selector)).slice();
}

function innermostClickables(root: ParentNode, selector: string): Element[] {
  const all = queryOutsideRows(root, selector);
  const set = new Set(all);
  // One walk up from each element marks its clickable ancestors: linear, where a query per element
  // would be quadratic on a 2,000-row list.
  const wrappers = new Set<Element>();
  for (const element of all) {
    for (let node = element.parentElement; node; node = node.parentElement) {
      if (set.has(node)) {
        if (wrappers.has(node)) break;
        wrappers.add(node);
      }
    }
  }
  return all.filter((element) => !wrappers.has(element));
}

/** The label text without walking the tree: the cheap first filter before `controlLabel`. */
export function quickLabel(element: Element): string {
  if (element.tagName === 'INPUT')
    return (element as HTMLInputElement).value || element.getAttribute('aria-label') || '';
  return element.textContent || element.getAttribute('aria-label') || '';
}

export function depth(element: Element): number {
  let count = 0;
  for (let node = element.parentElement; node; node = node.parentElement) count += 1;
  return count;
}

export function commonAncestor(elements: readonly Element[]): Element | null {
  const [first, ...rest] = elements;
  if (!first) return null;
  let candidate: Element | null = first;
  while (candidate && !rest.every((element) => candidate!.contains(element)))
    candidate = candidate.parentElement;
  return candidate;
}

/** The chain of element indexes from an ancestor down to a descendant, used to compare row positions. */
export function pathDepth(ancestor: Element, element: Element): number {
  let count = 0;
  for (let node: Element | null = element; node && node !== ancestor; node = node.parentElement) count += 1;
  return count;
}
