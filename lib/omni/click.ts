/**
 * Clicking a control of Omni's page. WebForms tabs and pagers are `javascript:__doPostBack(…)` links,
 * and a click made from the content script's isolated world cannot run the page's own functions; so the
 * click is handed to a tiny main-world script (entrypoints/main-world.content.ts), which calls the
 * element's own click() there. Without that script, the click is made here.
 */

export const CLICK_EVENT = 'omni-smart-sync:click';
export const CLICK_MARK = 'data-omni-smart-sync-click';

export function clickElement(element: Element): void {
  element.setAttribute(CLICK_MARK, '');
  // Events dispatch synchronously across worlds: when this returns, the main world has clicked or not.
  element.ownerDocument.dispatchEvent(new CustomEvent(CLICK_EVENT));
  if (element.hasAttribute(CLICK_MARK)) {
    element.removeAttribute(CLICK_MARK);
    (element as HTMLElement).click();
  }
}

/** Runs in the page's main world: clicks the one element the content script marked. */
export function listenForClicks(doc: Document): void {
  doc.addEventListener(CLICK_EVENT, () => {
    const element = doc.querySelector(`[${CLICK_MARK}]`);
    if (!element) return;
    element.removeAttribute(CLICK_MARK);
    (element as HTMLElement).click();
  });
}
