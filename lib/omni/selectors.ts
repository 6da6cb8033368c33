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

/** Tab strip items: anything clickable, and list items or focusable elements with delegated handlers. */
export const TAB_ITEM = [
  CLICKABLE,
  'li', // <li> tabs whose click handler is delegated to the strip
  '[tabindex]', // focusable spans and divs with script handlers
  '[aria-current]', // the current tab drawn as plain text beside links
].join(',');

/** Containers a row of tabs is usually drawn in; used only to prefer, never to require. */
export const STRIP_CONTAINER = [
  '[role="tablist"]', // ARIA tab strips
  'ul', // Telerik-like rtsUL, bootstrap nav-tabs
  'ol',
  'nav',
].join(',');

/** Classes that mark the selected tab when no ARIA state is given (Telerik rtsSelected, bootstrap active). */
export const SELECTED_CLASS =
  /(^|[^a-zA-Z])(selected|active|current|chosen)|(Selected|Active|Current|Chosen)|(^|[^a-zA-Z])on$/;

export const GRID = [
  'table', // in-page tables and WebForms RadGrid (table.rgMasterTable)
  '[role="grid"]', // div-based grids of script-built pages
  '[role="table"]', // read-only div tables
  '[role="treegrid"]', // grids with expandable rows
].join(',');

export const ROW = 'tr, [role="row"]';
export const HEADER_CELL = 'th, [role="columnheader"]';
export const CELL = 'td, th, [role="cell"], [role="gridcell"], [role="rowheader"], [role="columnheader"]';

/** Something is still loading or uploading. */
export const BUSY = [
  '[aria-busy="true"]', // in-page overlays
  '[role="progressbar"]', // spinners with ARIA
  '.raDiv, .RadAjax', // Telerik-like AJAX loading panels
  '[class*="spinner"], .loader, .fa-spin', // spinners drawn by CSS alone, without text or ARIA
].join(',');
/** Elements that may carry a "Loading…" text without ARIA (class names, not substrings: this runs often). */
export const BUSY_OVERLAY = [
  '[role="status"], [aria-live]', // announced overlays
  '.loading, .loading-overlay, .overlay, .spinner, .busy, .progress', // common overlay classes
  '.raDiv, .rgLoading', // Telerik-like loading panels
].join(',');
export const BUSY_TEXT =
  /^(loading|uploading|updating|refreshing|processing|syncing|sending|saving|please wait|working)\b.{0,40}$/i;
/** Overlays without ARIA or a known class, judged by a short text that says it is waiting. */
export const BUSY_TEXT_HOLDER = 'div, span, p, td, strong, em';
export const BUSY_TEXT_STRICT =
  /^((loading|uploading|updating|refreshing|processing|syncing|sending|saving|working)( [a-z]+){0,3}\s*(\.\.\.|…)|please wait\b.{0,30})$/i;

/** A list's empty message; only read inside or right beside a grid, or where the list would be. */
export const EMPTY_TEXT =
  /^(no (records?|items?|data|rows?|results?|transactions?|entries|documents?|invoices?|contacts?|customers?|suppliers?|payments?|months?|matches|pending)\b.*|nothing (to|here|pending|left)\b.*|there (are|is) no(thing)?\b.*|(the )?list is empty\b.*|all (caught up|done|synced|clear)\b.*|empty\b.*|0 (items?|records?|rows?)\b.*)$/i;

/** Where pagers are usually drawn; pagers are also recognised by their controls alone. */
export const PAGER = [
  '[role="navigation"]', // ARIA pagers
  'nav', // HTML5 pagers
  '.rgPager, .rgNumPart', // Telerik-like grid pagers
  '.pagination, .pager, .paging', // bootstrap-style pagers
].join(',');

/** Pager control labels (text, aria-label or title), to name what was found beside a list. */
export const PAGER_LABELS = {
  next: /^(next( page)?|›|>|→|⟩|▶|►)$/i,
  previous: /^(prev(ious)?( page)?|‹|<|←|⟨|◀|◄)$/i,
  first: /^(first( page)?|«|<<|⇤|⏮)$/i,
  last: /^(last( page)?|»|>>|⇥|⏭)$/i,
  showMore: /^((show|load|view|see) )?(\d+ )?more\b/i,
  pageNumber: /^\d{1,4}$/,
} as const;

/** Pager texts: "Page 2 of 3", "1–20 of 45", "Showing 10 of 30", "Items 1 to 4 of 10". */
export const PAGER_TEXT = {
  pageOf: /\bpage\s+(\d+)\s*(?:of|\/)\s*(\d+)/i,
  range: /\b(\d+)\s*(?:[-–—]|to)\s*(\d+)\s+(?:of|from)\s+(\d+)/i,
  showing: /\bshowing\s+(\d+)\s+(?:of|out of|from)\s+(\d+)/i,
} as const;

/** The upload controls SPEC §2 documents, as label keys: they place a grid as "the list". */
export const LIST_CONTROL_KEYS: ReadonlySet<string> = new Set([
  'upload all',
  'upload selected',
  'upload',
  'update all',
  'refresh data',
]);

/** Value shapes that name a column when its header does not. */
export const SHAPES = {
  date: /^(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?|\d{1,2}(st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4})$/,
  amount:
    /^(\(?-?\s*(?:[A-Z]{3}\s?)?[$€£¥]?\s?-?(?:\d{1,3}(?:[,\s]\d{3})+|\d+)\.\d{2}\)?(?:\s?[A-Z]{3})?|-?[$€£¥]\s?\d[\d,]*)$/,
  month: /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}$/i,
  document: /^((?=\S*\d)[A-Za-z0-9#][\w#\-/.]{0,30}|[A-Za-z]{1,6}\s\d[\w\-/]*)$/,
  sentence: /^(?=.{20,})\S+(\s+\S+){4,}/,
  email: /@/,
  /** The verb a tick box's name starts with ("Select INV-1001"). */
  tickVerb: /^(select|tick|check|choose|mark|toggle|include)\s+(row\s+)?(for\s+)?/i,
} as const;

/** Headers of columns that count rows rather than name them. */
export const ROW_COUNTER_HEADERS: ReadonlySet<string> = new Set(['', '#', 'no', 'row', 'row #', 'line', 'n']);

export const HEADING = 'h1, h2, h3, [role="heading"], title';

/**
 * Column headers (label keys), first match wins per field; they only name columns. Unnamed columns are
 * named by the shape of their values (columns.ts).
 */
export const COLUMN_PATTERNS = {
  // The first three name a document number: of the columns they name, the leftmost is the row's own.
  reference: [
    /^(reference|ref|ref no|ref #|reference no|reference number|reference #)$/,
    // "Order Ref" and "PO Ref" point at another document: never the row's own reference.
    /^(invoice|credit note|cn|bill|po|purchase order|voucher|gift voucher|store credit|credit|adjustment|payment|journal|document|doc|transaction|txn|landed cost|receipt|item) ?(#|no|num|number|id)$/,
    /^(number|no|#|code|id|doc)$/,
    /^(month|period|journal month|journal period|cogs month|cogs period)$/, // COGS lists one journal per month
    /^(name|contact name|customer name|supplier name|display name|company name)$/, // contact lists: the name is the reference
  ],
  contact: [
    /^(customer|supplier|contact|member|name|client|vendor|payee|company|customer name|supplier name|contact name|client name|vendor name)$/,
    /customer|supplier|contact|client|vendor/,
  ],
  date: [/date$/, /^(date|issued|issue date|posted|created|due|dated)$/, /^date|^period|^month$/],
  amount: [/^(total|amount|value|balance|sum|net|gross|debits?|credits?)( [a-z]{3})?$/, /total|amount|value/],
  error: [
    /^errors?$/,
    /^(error message|sync errors?|errors? message|message|messages|reason|warning|warnings|problem|problems|issue|issues)$/,
  ],
} as const;

export const DOCUMENT_HEADERS = COLUMN_PATTERNS.reference.slice(0, 3);

export const LOGIN_BUTTON = /^(log ?in|sign ?in)$/i;
export const ERROR_PAGE_TEXT =
  /^(server error|runtime error|an error (has )?occurred|something went wrong|page not found|404|500|503|service unavailable|internal server error)\b/i;
export const SELECT_ALL_TEXT =
  /^((select|check|tick|mark|toggle) )?all( rows| items| records| on this page)?$/i;
export const V1_MARKER = /\b(v1|classic|legacy)\b/i;

/** Omni's own result and error messages after an action. */
export const MESSAGE = [
  '[role="alert"]', // in-page renderings
  '[role="status"], [aria-live]:not([aria-live="off"])', // announced results and toasts
  '.msg, .message, .alert, .notification, .toast, .snackbar, .flash, .result', // panels without ARIA
  '[id$="lblMessage"], [id$="pnlMessage"]', // WebForms generated ids ending in the control name
].join(',');

/** A dialog an upload may open to confirm it. */
export const DIALOG = [
  '[role="dialog"], [role="alertdialog"]', // ARIA dialogs
  'dialog[open]', // native dialogs
  '[aria-modal="true"]', // modal boxes that name no role
  '.RadWindow', // Telerik-like windows on postback pages
  '.modal, .dialog, .popup', // plain fixed boxes of script-built pages
].join(',');
export const CONFIRM_LABEL =
  /^(ok|okay|confirm|yes|continue|proceed|upload|yes upload|yes continue|ok upload|confirm upload)$/i;
export const CANCEL_LABEL = /^(cancel|no|close|dismiss|not now|go back|back)$/i;
