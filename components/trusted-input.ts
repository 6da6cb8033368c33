/**
 * The panel lives in Omni's page, whose scripts can dispatch clicks and keys of their own (`click()`,
 * `dispatchEvent`). Only what a person does may act: every input event entering the panel's shadow root
 * that the browser did not make (isTrusted false) is stopped there, in the capture phase, before any of
 * the panel's handlers sees it. The popup and options pages need no such guard: no page script can
 * reach an extension page.
 */
const INPUT_EVENTS = [
  'click',
  'auxclick',
  'dblclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointermove',
  'pointerup',
  'pointercancel',
  'keydown',
  'keyup',
  'input',
  'change',
  'submit',
] as const;

function stopForged(event: Event): void {
  if (!event.isTrusted) event.stopImmediatePropagation();
}

/** Installs the guard on the panel's shadow root (once: the same listener is not added twice). */
export function acceptOnlyTrustedInput(root: ShadowRoot): void {
  for (const type of INPUT_EVENTS) root.addEventListener(type, stopForged, { capture: true });
}
