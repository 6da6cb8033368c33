// Public types of the Omni simulator (re-exported by server.ts, which is the module others import).

export type Provider = 'xero' | 'qbo';
export type Navigation = 'inpage' | 'postback';

export interface SimFaults {
  /** The next N upload actions answer HTTP 500 "Server Error" and change nothing. */
  nextUploadFails500?: number;
  /** Every transaction upload fails with "The access token does not exist". */
  accessTokenMissing?: boolean;
  /** After N more requests the session expires: every page renders the login page until someone logs in. */
  loginAfterRequests?: number;
}

export interface SimSettings {
  provider: Provider;
  navigation: Navigation;
  /** Added to every page/list response. */
  latencyMs: number;
  /** Added to every upload/refresh/update action. */
  uploadLatencyMs: number;
  /** auto = right on QBO lists and Xero Store Credits, left otherwise. */
  checkboxSide?: 'auto';
  /** Upload controls open an in-page confirm dialog (OK / Cancel). */
  confirmUploads: boolean;
  /** null = no pager; else lists paginate with a pager and a page-size selector. */
  pageSize: number | null;
  faults: SimFaults;
  /** ISO date; COGS months ending on or before it cannot sync. */
  lockDate: string;
  /** Replace that sub-tab's rows with N generated rows that all sync. */
  bulk?: { subTab: string; rows: number };
  /** A sub-tab this Omni version has that SPEC §2 does not list (a transaction list with Upload All /
   * Upload Selected and `rows` documents that sync), appended to `tab`. */
  extraSubTab?: { tab: string; label: string; rows?: number };
  /** Serve the dashboard as fuzz rendering `seed` (tests/omni-sim/fuzz): its navigation kind replaces
   * `navigation`, its pager replaces `pageSize`, and it may turn `confirmUploads` on. */
  rendering?: { seed: number };
}

export interface UploadResult {
  ref: string;
  ok: boolean;
  error?: string;
  /** COGS: this month's journal existed and was replaced. */
  replacedJournal?: boolean;
}

export interface UploadLogEntry {
  seq: number;
  at: number;
  provider: Provider;
  tab: string;
  subTab: string;
  control: string;
  refs: string[];
  results: UploadResult[];
  /** The server answered 500 and changed nothing (fault knob). */
  serverError?: boolean;
}

export interface ActionLogEntry {
  seq: number;
  at: number;
  control: string;
  tab: string;
  subTab: string;
  allowed: boolean;
}

export interface SimError {
  subTab: string;
  ref: string;
  error: string;
}

/** One control press, whichever rendering it came from. */
export interface ActionRequest {
  control: string;
  tab: string;
  subTab: string;
  selected: string[];
  page: number;
  pageSize: number | null;
}
