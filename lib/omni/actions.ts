/** What a step needs beyond reading: Omni's messages, the confirm dialog an upload opens, change detection. */
import { clickables, controlNames, isVisible, visibleText } from './dom';
import { listArea, normalise } from './grid';
import { labelKey } from './labels';
import { findGrid, readList } from './list';
import { queryOutsideRows } from './scan';
import {
  BUSY_TEXT,
  CANCEL_LABEL,
  CONFIRM_LABEL,
  DIALOG,
  GRID,
  LIST_CONTROL_KEYS,
  MESSAGE,
} from './selectors';

/** The text of Omni's visible result or error messages, joined; '' when none. */
export function readMessage(root: ParentNode): string {
  const seen = new Set<string>();
  for (const element of queryOutsideRows(root, MESSAGE)) {
    if (element.closest(DIALOG) || !isVisible(element)) continue;
    // A message wrapper and its inner label are one message; a live region around the app is not one.
    if (element.parentElement?.closest(MESSAGE)) continue;
    if (element.querySelector(`${GRID}, [role="tablist"], input, select`)) continue;
    const text = visibleText(element);
    if (text && text.length <= 400 && !BUSY_TEXT.test(text)) seen.add(text);
  }
  return [...seen].join(' ');
}

/**
 * Short texts beside the list (outside its rows and controls): compared before and after an upload, the
 * new ones are what Omni said, wherever and however it drew it.
 */
export function listAreaTexts(root: ParentNode): Set<string> {
  const texts = new Set<string>();
  const grid = findGrid(root);
  const area = grid ? listArea(root, grid.element) : null;
  if (!grid || !area) return texts;
  const controls = new Set(clickables(area));
  const walk = (node: Element) => {
    for (const child of Array.from(node.children)) {
      if (
        child === grid.element ||
        controls.has(child) ||
        child.tagName === 'SCRIPT' ||
        child.tagName === 'STYLE'
      )
        continue;
      if (child.tagName === 'SELECT' || child.tagName === 'OPTION') continue;
      const own = Array.from(child.childNodes)
        .filter((text) => text.nodeType === 3)
        .map((text) => text.nodeValue ?? '')
        .join(' ');
      const text = normalise(child.childElementCount === 0 ? child.textContent : own);
      if (text.length >= 3 && text.length <= 400 && isVisible(child)) texts.add(text);
      walk(child);
    }
  };
  walk(area);
  return texts;
}

function isConfirm(element: Element): boolean {
  return controlNames(element).some((name) => CONFIRM_LABEL.test(labelKey(name).replace(/\s+/g, ' ')));
}

function isCancel(element: Element): boolean {
  return controlNames(element).some((name) => CANCEL_LABEL.test(labelKey(name)));
}

/** The small box around a confirm button that also offers Cancel/No: how a dialog without ARIA looks. */
function confirmBox(button: Element): Element | null {
  let node = button.parentElement;
  for (let level = 0; node && level < 5; level += 1, node = node.parentElement) {
    if (node.querySelector(GRID)) return null;
    if (clickables(node).some((other) => other !== button && isCancel(other))) return node;
  }
  return null;
}

function floats(box: Element): boolean {
  const view = box.ownerDocument.defaultView;
  for (let node: Element | null = box; node && node !== box.ownerDocument.body; node = node.parentElement) {
    const position = view?.getComputedStyle(node).position;
    if (position === 'fixed' || position === 'absolute') return true;
  }
  return false;
}

/**
 * The OK/Confirm button of the dialog an upload opened: inside the one visible dialog, or — for a dialog
 * drawn without ARIA — a confirm button beside a Cancel that was not on the page before the upload was
 * pressed (`before`), or that floats over the page. Null unless exactly one qualifies.
 */
export function findDialogConfirm(root: ParentNode, before?: ReadonlySet<Element>): HTMLElement | null {
  const dialogs = queryOutsideRows(root, DIALOG).filter(isVisible);
  if (dialogs.length === 1) {
    const buttons = clickables(dialogs[0]!).filter((element) => isVisible(element) && isConfirm(element));
    if (buttons.length === 1) return buttons[0] as HTMLElement;
  }
  if (dialogs.length > 1) return null;
  const candidates = clickables(root).filter((element) => {
    if (!isVisible(element) || !isConfirm(element) || before?.has(element)) return false;
    // The list's own upload controls are not a dialog's, however they are labelled.
    if (controlNames(element).some((name) => LIST_CONTROL_KEYS.has(labelKey(name))) && !confirmBox(element))
      return false;
    const box = confirmBox(element);
    return box !== null && (before !== undefined || floats(box));
  });
  return candidates.length === 1 ? (candidates[0] as HTMLElement) : null;
}

/** The confirm-labelled controls shown now: what an upload's new dialog is told apart from. */
export function confirmControls(root: ParentNode): Set<Element> {
  return new Set(clickables(root).filter((element) => isConfirm(element) && isVisible(element)));
}

/** A fingerprint of what the open list and Omni's messages show: changes when an action has an effect. */
export function pageSignature(root: ParentNode): string {
  const list = readList(root);
  const rows = list.rows.map((row) => `${row.reference}|${row.error}|${row.warning}`).join('\n');
  return `${list.state}\n${list.pager ?? ''}\n${rows}\n${readMessage(root)}`;
}
