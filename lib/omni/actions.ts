/** What a step needs beyond reading: Omni's messages, the confirm dialog an upload opens, change detection. */
import { clickables, controlLabel, isVisible, visibleText } from './dom';
import { readList } from './list';
import { queryOutsideRows } from './scan';
import { CONFIRM_LABEL, DIALOG, MESSAGE } from './selectors';

/** The text of Omni's visible result or error messages, joined; '' when none. */
export function readMessage(root: ParentNode): string {
  const seen = new Set<string>();
  for (const element of queryOutsideRows(root, MESSAGE)) {
    if (element.closest(DIALOG) || !isVisible(element)) continue;
    // A message wrapper and its inner label are one message.
    if (element.parentElement?.closest(MESSAGE)) continue;
    const text = visibleText(element);
    if (text) seen.add(text);
  }
  return [...seen].join(' ');
}

/** The OK/Confirm button of a visible dialog, when exactly one dialog with one such button is open. */
export function findDialogConfirm(root: ParentNode): HTMLElement | null {
  const dialogs = queryOutsideRows(root, DIALOG).filter(isVisible);
  if (dialogs.length !== 1) return null;
  const buttons = clickables(dialogs[0]!).filter(
    (element) => isVisible(element) && CONFIRM_LABEL.test(controlLabel(element)),
  );
  return buttons.length === 1 ? (buttons[0] as HTMLElement) : null;
}

/** A fingerprint of what the open list and Omni's messages show: changes when an action has an effect. */
export function pageSignature(root: ParentNode): string {
  const list = readList(root);
  const rows = list.rows.map((row) => `${row.reference}|${row.error}|${row.warning}`).join('\n');
  return `${list.state}\n${rows}\n${readMessage(root)}`;
}
