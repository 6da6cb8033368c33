/**
 * Clicking a control of Omni's page. WebForms tabs and pagers are `javascript:__doPostBack(…)` links,
 * and a click made from the content script's isolated world cannot run the page's own functions; so the
 * click is handed to a tiny main-world script (entrypoints/main-world.content.ts), which calls the
 * element's own click() there. Without that script, the click is made here.
 *
 * The page's scripts share the main world and see the event: each click marks its element with a fresh
 * random nonce that travels in the event, so a mark a page script set earlier never matches, and the
 * helper clicks only when exactly one element carries this click's nonce.
 */

export const CLICK_EVENT = 'omni-smart-sync:click';
export const CLICK_MARK = 'data-omni-smart-sync-click';

function nonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function clickElement(element: Element): void {
  const mark = nonce();
  element.setAttribute(CLICK_MARK, mark);
  // Events dispatch synchronously across worlds: when this returns, the main world has clicked or not.
  element.ownerDocument.dispatchEvent(new CustomEvent(CLICK_EVENT, { detail: mark }));
  if (element.getAttribute(CLICK_MARK) === mark) {
    element.removeAttribute(CLICK_MARK);
    (element as HTMLElement).click();
  }
}

/**
 * Runs in the page's main world: clicks the one element carrying the click's nonce. Listening on the
 * window in the capture phase, from document_start, it runs before any listener a page script can add.
 */
export function listenForClicks(doc: Document): void {
  const win = doc.defaultView;
  const listen = (handler: (event: Event) => void) =>
    win ? win.addEventListener(CLICK_EVENT, handler, true) : doc.addEventListener(CLICK_EVENT, handler, true);
  listen((event) => {
    const mark = (event as CustomEvent<unknown>).detail;
    if (typeof mark !== 'string' || !/^[0-9a-f]{32}$/.test(mark)) return;
    const marked = doc.querySelectorAll(`[${CLICK_MARK}="${mark}"]`);
    if (marked.length !== 1) return;
    const element = marked[0] as HTMLElement;
    element.removeAttribute(CLICK_MARK);
    element.click();
  });
}
