/**
 * Every CSS selector and text pattern that describes Omni's markup lives here, each alternative with the
 * rendering that needs it. Finders elsewhere work from visible labels and roles; when the real dashboard
 * differs, this file is the one that changes.
 */

export const CLICKABLE = [
  'button', // in-page renderings
  'a[href]', // links and WebForms' javascript:__doPostBack tabs (Telerik-like tab strip)
  '[role="tab"]', // ARIA tab strips
  '[role="button"]', // div/span buttons of script-built pages
  '[role="link"]',
  'input[type="button"]', // WebForms buttons
  'input[type="submit"]', // WebForms postback buttons
  '[onclick]', // legacy markup with inline handlers on li/span
].join(',');

/** Containers a row of tabs is usually drawn in; used only to prefer, never to require. */
export const STRIP_CONTAINER = [
  '[role="tablist"]', // ARIA tab strips
  'ul', // Telerik-like rtsUL, bootstrap nav-tabs
  'ol',
  'nav',
].join(',');

/** Classes that mark the selected tab when no ARIA state is given (Telerik rtsSelected, bootstrap active). */
export const SELECTED_CLASS = /(^|[-_\s])(selected|active|current)($|[-_\s])|rtsSelected|Selected$|Active$/;

export const GRID = [
  'table', // in-page tables and WebForms RadGrid (table.rgMasterTable)
  '[role="grid"]', // div-based grids of script-built pages
  '[role="table"]',
].join(',');

export const ROW = 'tr, [role="row"]';
export const HEADER_CELL = 'th, [role="columnheader"]';
export const CELL = 'td, th, [role="cell"], [role="gridcell"], [role="rowheader"], [role="columnheader"]';

/** Something is still loading or uploading. */
export const BUSY = [
  '[aria-busy="true"]', // in-page overlays
  '[role="progressbar"]', // spinners with ARIA
  '.raDiv, .RadAjax', // Telerik-like AJAX loading panels
].join(',');
/** Elements that may carry a "Loading…" text without ARIA (class names, not substrings: this runs often). */
export const BUSY_OVERLAY = [
  '[role="status"], [aria-live]', // announced overlays
  '.loading, .loading-overlay, .overlay, .spinner, .busy, .progress', // common overlay classes
  '.raDiv, .rgLoading', // Telerik-like loading panels
].join(',');
export const BUSY_TEXT = /^(loading|uploading|updating|refreshing|processing|syncing|please wait)\b.{0,40}$/i;

export const EMPTY_TEXT =
  /^(no (records?|items?|data|rows?|results?|transactions?|entries)\b.*|nothing to (sync|upload|display|show)\b.*|there (are|is) no\b.*)$/i;

export const PAGER = [
  '[role="navigation"][aria-label*="pag" i]', // ARIA pagers
  '.rgPager, .rgNumPart', // Telerik-like grid pagers
  '.pagination, .pager', // bootstrap-style pagers
].join(',');

export const HEADING = 'h1, h2, h3, [role="heading"], title';

/** Column headers, first match wins per field (a list may have "Invoice #" and "Order Ref"). */
export const COLUMN_PATTERNS = {
  reference: [
    /^(reference|ref)$/,
    /^(invoice|credit note|bill|po|purchase order|order|voucher|gift voucher|store credit|adjustment|payment|journal|document|transaction|landed cost) ?(#|no|number|ref|reference)$/,
    /^(number|no|#|code|id)$/,
    /^month$/, // COGS lists one journal per month
    /reference|ref$/,
    /^(name|contact name|customer name|supplier name)$/, // contact lists: the name is the reference
  ],
  contact: [
    /^(customer|supplier|contact|member|name|customer name|supplier name|contact name)$/,
    /customer|supplier|contact/,
  ],
  date: [/date$/, /^date|^period|^month$/],
  amount: [/^(total|amount|value|balance)$/, /total|amount/],
  error: [/^errors?$/, /^(error message|message|reason|warning)$/],
} as const;

export const LOGIN_BUTTON = /^(log ?in|sign ?in)$/i;
export const ERROR_PAGE_TEXT =
  /^(server error|runtime error|an error (has )?occurred|something went wrong|page not found|404|500|503|service unavailable|internal server error)\b/i;
export const SELECT_ALL_TEXT = /^(select|check|tick) all\b/i;
export const V1_MARKER = /\b(v1|classic|legacy)\b/i;

/** Omni's own result and error messages after an action. */
export const MESSAGE = [
  '[role="alert"]', // in-page renderings
  '.msg, .message, .alert, .notification', // WebForms message panels without ARIA
  '[id$="lblMessage"], [id$="pnlMessage"]', // WebForms generated ids ending in the control name
].join(',');

/** A dialog an upload may open to confirm it. */
export const DIALOG = [
  '[role="dialog"], [role="alertdialog"]', // ARIA dialogs
  'dialog[open]', // native dialogs
  '.RadWindow', // Telerik-like windows on postback pages
].join(',');
export const CONFIRM_LABEL = /^(ok|confirm|yes|continue|upload)$/i;
