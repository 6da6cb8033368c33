// Omni's Accounting Dashboard V2 as a state machine: what every sub-tab lists, and what each control does.
// Both page renderings (in-page and postback) and the control API read and drive this one model.
import {
  addBulkRows,
  type Contact,
  type ContactRole,
  type Dataset,
  seedDataset,
  type Txn,
} from './dataset.ts';
import type { Provider, SimError, SimSettings, UploadResult } from './types.ts';

export type ListKind = 'contacts' | 'txn' | 'plain' | 'cogs' | 'admin' | 'errors' | 'discrepancies';

export interface SubTabDef {
  label: string;
  kind: ListKind;
  columns: string[];
  /** Failed items move to this Errors sub-tab; otherwise they stay listed with the reason in "Errors". */
  errorsTo?: string;
  role?: ContactRole;
}

export interface TabDef {
  label: string;
  subTabs: SubTabDef[];
}

export interface Row {
  ref: string;
  cells: string[];
  error?: string;
  /** COGS months inside the lock date. */
  warning?: boolean;
}

export interface DashboardView {
  provider: Provider;
  providerName: string;
  heading: string;
  organisation: string;
  tab: string;
  subTab: string;
  tabs: Array<{ label: string; badge?: number; selected: boolean }>;
  subTabs: Array<{ label: string; count?: number; selected: boolean }>;
  kind: ListKind;
  columns: string[];
  rows: Row[];
  checkboxSide: 'left' | 'right' | 'none';
  /** Toolbar buttons, in order. */
  controls: string[];
  rowDelete: boolean;
  emptyMessage: string;
  pager: { page: number; pages: number; pageSize: number; total: number; sizes: number[] } | null;
  message?: { kind: 'error' | 'info' | 'success'; text: string };
  autosync: boolean;
  /** Upload controls open a confirm dialog first (set by the server from its settings). */
  confirmUploads: boolean;
  /** Omni holds a connection to the ledger (false after Disconnect: a banner says so). */
  connected: boolean;
}

export const EMPTY_MESSAGE = 'No records to display.';
export const NOTHING_SELECTED = 'Please select at least one item';
export const REFRESH_FIRST = 'Refresh data before updating';

/** Controls that upload to the ledger (what the upload-latency and 500 knobs apply to). */
export const UPLOAD_CONTROLS = ['Upload All', 'Upload Selected', 'Upload', 'Update All'];

const TXN_LISTS_MOVING_TO_ERRORS = ['Invoices', 'Credit Notes', 'Supplier Invoices', 'Adjustments'];
const ERRORS_COLUMNS = ['Reference', 'Contact', 'Date', 'Amount', 'Errors'];

export function providerName(provider: Provider): string {
  return provider === 'xero' ? 'Xero' : 'QuickBooks Online';
}

export function tabsFor(provider: Provider): TabDef[] {
  const ledger = provider === 'xero' ? 'Xero' : 'QuickBooks';
  const txn = (label: string, columns: string[]): SubTabDef => ({
    label,
    kind: 'txn',
    columns,
    errorsTo: TXN_LISTS_MOVING_TO_ERRORS.includes(label) ? label : undefined,
  });
  const sales: SubTabDef[] = [
    {
      label: 'Customers',
      kind: 'contacts',
      role: 'customer',
      columns: ['Name', 'Email', 'Search', 'Errors'],
    },
    txn('Invoices', ['Invoice #', 'Order Ref', 'Customer', 'Invoice Date', 'Total', 'Status']),
    txn('Credit Notes', ['Credit Note #', 'Order Ref', 'Customer', 'Date', 'Total', 'Status']),
    {
      label: 'Payments',
      kind: 'plain',
      columns: ['Reference', 'Invoice #', 'Customer', 'Payment Date', 'Amount', 'Errors'],
    },
  ];
  const purchases: SubTabDef[] = [
    {
      label: 'Suppliers',
      kind: 'contacts',
      role: 'supplier',
      columns: ['Name', 'Email', 'Search', 'Errors'],
    },
  ];
  if (provider === 'qbo') {
    purchases.push(txn('Purchase Orders', ['PO #', 'Supplier', 'Order Date', 'Total', 'Status', 'Errors']));
  }
  purchases.push(
    txn('Supplier Invoices', ['Invoice #', 'PO Ref', 'Supplier', 'Invoice Date', 'Total', 'Status']),
    txn('Supplier Credit Notes', [
      'Credit Note #',
      'PO Ref',
      'Supplier',
      'Date',
      'Total',
      'Status',
      'Errors',
    ]),
  );
  if (provider === 'xero') {
    purchases.push({
      label: 'Landed Costs',
      kind: 'plain',
      columns: ['Reference', 'PO Ref', 'Supplier', 'Date', 'Amount', 'Account', 'Errors'],
    });
  }
  const tabs: TabDef[] = [
    { label: 'Sales', subTabs: sales },
    { label: 'Purchases', subTabs: purchases },
    {
      label: 'Adjustments & COGS',
      subTabs: [
        txn('Adjustments', ['Reference', 'Type', 'Date', 'Debits', 'Credits', 'Status']),
        { label: 'COGS', kind: 'cogs', columns: ['Month', 'Amount', 'Errors'] },
      ],
    },
  ];
  if (provider === 'xero') {
    tabs.push({
      label: 'Retail',
      subTabs: [
        txn('Gift Vouchers', ['Voucher #', 'Customer', 'Issue Date', 'Amount', 'Currency', 'Errors']),
        txn('Store Credits', ['Reference', 'Customer', 'Date', 'Amount', 'Errors']),
      ],
    });
  }
  const errorSubTabs = ['Invoices', 'Credit Notes', 'Supplier Invoices', 'Adjustments'];
  if (provider === 'qbo') errorSubTabs.push('Fees and payouts');
  tabs.push(
    {
      label: 'Admin',
      subTabs: [
        { label: 'Tax Rates', kind: 'admin', columns: ['Name', 'Tax Type', 'Rate'] },
        { label: 'Chart of Accounts', kind: 'admin', columns: ['Code', 'Name', 'Type'] },
      ],
    },
    {
      label: 'Errors',
      subTabs: errorSubTabs.map((label) => ({ label, kind: 'errors', columns: ERRORS_COLUMNS })),
    },
    {
      label: 'Discrepancies',
      subTabs: [
        {
          label: 'Sales Order Discrepancies',
          kind: 'discrepancies',
          columns: ['Reference', 'Customer', 'Date', 'Omni Total', `${ledger} Total`, 'Difference'],
        },
        {
          label: 'Purchase Order Discrepancies',
          kind: 'discrepancies',
          columns: ['Reference', 'Supplier', 'Date', 'Omni Total', `${ledger} Total`, 'Difference'],
        },
      ],
    },
  );
  return tabs;
}

const moneyFormat = new Intl.NumberFormat('en-NZ', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatMoney(amount: number): string {
  return moneyFormat.format(amount);
}

export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

export interface ActionContext {
  tab: string;
  subTab: string;
  /** Rows ticked (Upload Selected / Upload), by reference. */
  selected: string[];
  page: number;
  pageSize: number | null;
}

export interface ActionOutcome {
  message?: DashboardView['message'];
  /** Present when the control uploaded something (logged by the server). */
  upload?: { refs: string[]; results: UploadResult[] };
}

export interface LedgerOptions {
  lockDate: string;
  accessTokenMissing: boolean;
}

export class OmniCompany {
  readonly tabs: TabDef[];
  private data: Dataset;
  connected = true;
  /** COGS Update All needs a Refresh Data in the same view; any navigation clears this. */
  cogsRefreshedInView = false;

  constructor(
    readonly provider: Provider,
    variant: Pick<SimSettings, 'bulk' | 'extraSubTab'> = {},
  ) {
    this.tabs = tabsFor(provider);
    this.data = seedDataset(provider);
    const extra = variant.extraSubTab;
    const tab = extra && this.tabs.find((t) => t.label === extra.tab);
    if (extra && tab) {
      tab.subTabs.push({
        label: extra.label,
        kind: 'txn',
        columns: ['Reference', 'Date', 'Amount', 'Status', 'Errors'],
      });
      addBulkRows(this.data, extra.label, extra.rows ?? 3);
    }
    if (variant.bulk) addBulkRows(this.data, variant.bulk.subTab, variant.bulk.rows);
  }

  get organisation(): string {
    return this.data.organisation;
  }

  get ledger(): string {
    return providerName(this.provider);
  }

  findSubTab(tab: string, subTab: string): SubTabDef | undefined {
    return this.tabs.find((t) => t.label === tab)?.subTabs.find((s) => s.label === subTab);
  }

  /** Every row a person would see on a sub-tab, across all pages. */
  rows(tab: string, subTab: string, ledger: LedgerOptions): Row[] {
    const def = this.findSubTab(tab, subTab);
    if (!def) return [];
    switch (def.kind) {
      case 'contacts':
        return this.listedContacts(def.role ?? 'customer').map((c) => ({
          ref: c.name,
          cells: [c.name, c.email, 'Search', c.error ?? ''],
          error: c.error,
        }));
      case 'txn':
      case 'plain':
        return this.listedTxns(subTab).map((t) => this.txnRow(def, t));
      case 'cogs':
        return [...this.data.cogsRows].map(([month, amount]) => {
          const locked = monthEnd(month) <= ledger.lockDate;
          const warning = locked
            ? `${monthLabel(month)} is on or before the lock date (${formatDate(ledger.lockDate)}) and cannot be updated in ${this.ledger}.`
            : undefined;
          return {
            ref: monthLabel(month),
            cells: [monthLabel(month), formatMoney(amount), warning ?? ''],
            warning: locked,
            error: warning,
          };
        });
      case 'errors':
        return this.data.txns
          .filter((t) => t.status === 'error' && t.errorsSubTab === subTab)
          .map((t) => ({
            ref: t.ref,
            cells: [t.ref, t.contact ?? '', formatDate(t.date), this.money(t), t.error ?? ''],
            error: t.error,
          }));
      case 'admin':
        return (subTab === 'Tax Rates' ? this.data.taxRates : this.data.accounts).map((r) => ({
          ref: r.cells[0] ?? '',
          cells: r.cells,
        }));
      case 'discrepancies':
        return (
          subTab === 'Sales Order Discrepancies' ? this.data.soDiscrepancies : this.data.poDiscrepancies
        ).map((d) => ({
          ref: d.ref,
          cells: [
            d.ref,
            d.contact,
            formatDate(d.date),
            formatMoney(d.omniTotal),
            formatMoney(d.ledgerTotal),
            formatMoney(d.omniTotal - d.ledgerTotal),
          ],
        }));
    }
  }

  private money(t: Txn): string {
    return t.currency === 'NZD' ? formatMoney(t.amount) : `${formatMoney(t.amount)} ${t.currency}`;
  }

  private txnRow(def: SubTabDef, t: Txn): Row {
    const cell: Record<string, string> = {
      Reference: t.ref,
      'Invoice #': t.list === 'Payments' ? (t.invoiceRef ?? '') : t.ref,
      'Credit Note #': t.ref,
      'PO #': t.ref,
      'Voucher #': t.ref,
      'Order Ref': t.orderRef ?? '',
      'PO Ref': t.orderRef ?? '',
      Customer: t.contact ?? '',
      Supplier: t.contact ?? '',
      'Invoice Date': formatDate(t.date),
      'Payment Date': formatDate(t.date),
      'Order Date': formatDate(t.date),
      'Issue Date': formatDate(t.date),
      Date: formatDate(t.date),
      Total: this.money(t),
      Amount: t.list === 'Gift Vouchers' ? formatMoney(t.amount) : this.money(t),
      Currency: t.currency,
      Debits: formatMoney(t.debits ?? 0),
      Credits: formatMoney(t.credits ?? 0),
      Type: t.adjustmentType ?? '',
      Account: t.account ?? '',
      Status: 'Ready',
      Errors: t.error ?? '',
    };
    return { ref: t.ref, cells: def.columns.map((c) => cell[c] ?? ''), error: t.error };
  }

  private listedContacts(role: ContactRole): Contact[] {
    return this.data.contacts.filter(
      (c) =>
        c.role === role &&
        c.status === 'active' &&
        !c.linked &&
        (c.alwaysListed ||
          this.data.txns.some(
            (t) => t.contact === c.name && (t.status === 'pending' || t.status === 'error'),
          )),
    );
  }

  private listedTxns(list: string): Txn[] {
    return this.data.txns.filter((t) => {
      if (t.list !== list || t.errorsSubTab) return false;
      if (t.status !== 'pending' && t.status !== 'error') return false;
      if (list === 'Payments' && t.invoiceRef) {
        const invoice = this.data.txns.find((i) => i.list === 'Invoices' && i.ref === t.invoiceRef);
        return !invoice || invoice.status === 'synced';
      }
      return true;
    });
  }

  /** References on the page shown: what Upload All / Update All act on. */
  visibleRefs(
    tab: string,
    subTab: string,
    page: number,
    pageSize: number | null,
    defaultPageSize: number | null,
    ledger: LedgerOptions,
  ): string[] {
    return this.page(this.rows(tab, subTab, ledger), page, pageSize, defaultPageSize).rows.map((r) => r.ref);
  }

  /** The visible rows on one page, and the pager describing it. */
  page(
    rows: Row[],
    page: number,
    pageSize: number | null,
    defaultPageSize: number | null,
  ): { rows: Row[]; pager: DashboardView['pager'] } {
    if (defaultPageSize === null) return { rows, pager: null };
    const size = pageSize ?? defaultPageSize;
    const pages = Math.max(1, Math.ceil(rows.length / size));
    const current = Math.min(Math.max(1, page), pages);
    const sizes = [...new Set([defaultPageSize, 10, 20, 50, 100, 500])].sort((a, b) => a - b);
    return {
      rows: rows.slice((current - 1) * size, current * size),
      pager: { page: current, pages, pageSize: size, total: rows.length, sizes },
    };
  }

  view(
    tab: string,
    subTab: string,
    opts: { page: number; pageSize: number | null; defaultPageSize: number | null; ledger: LedgerOptions },
  ): DashboardView {
    const tabDef = this.tabs.find((t) => t.label === tab) ?? this.tabs[0]!;
    const def = tabDef.subTabs.find((s) => s.label === subTab) ?? tabDef.subTabs[0]!;
    const all = this.rows(tabDef.label, def.label, opts.ledger);
    const { rows, pager } = this.page(all, opts.page, opts.pageSize, opts.defaultPageSize);
    const errorCount = this.data.txns.filter((t) => t.status === 'error' && t.errorsSubTab).length;
    const counted = (s: SubTabDef) => s.kind === 'txn' || s.kind === 'plain' || s.kind === 'errors';
    const rightSide = this.provider === 'qbo' || def.label === 'Store Credits';
    return {
      provider: this.provider,
      providerName: this.ledger,
      heading: `${this.ledger} V2 Accounting Dashboard`,
      organisation: this.data.organisation,
      tab: tabDef.label,
      subTab: def.label,
      tabs: this.tabs.map((t) => ({
        label: t.label,
        badge: t.label === 'Errors' && errorCount > 0 ? errorCount : undefined,
        selected: t === tabDef,
      })),
      subTabs: tabDef.subTabs.map((s) => ({
        label: s.label,
        count: counted(s) ? this.rows(tabDef.label, s.label, opts.ledger).length : undefined,
        selected: s === def,
      })),
      kind: def.kind,
      columns: def.columns,
      rows,
      checkboxSide:
        def.kind === 'admin' || def.kind === 'discrepancies' ? 'none' : rightSide ? 'right' : 'left',
      controls: controlsFor(def),
      rowDelete:
        def.kind === 'txn' || def.kind === 'plain' || def.kind === 'errors' || def.kind === 'contacts',
      emptyMessage: EMPTY_MESSAGE,
      pager,
      autosync: this.provider === 'xero',
      confirmUploads: false,
      connected: this.connected,
    };
  }

  /** Apply one control press. Navigation and logging are the server's business; this is what Omni does. */
  act(
    control: string,
    ctx: ActionContext,
    ledger: LedgerOptions,
    defaultPageSize: number | null,
  ): ActionOutcome {
    const def = this.findSubTab(ctx.tab, ctx.subTab);
    if (!def) return { message: { kind: 'error', text: 'Unknown list.' } };
    switch (control) {
      case 'Upload All':
      case 'Upload Selected':
      case 'Upload': {
        if (!controlsFor(def).includes(control))
          return { message: { kind: 'error', text: 'Not available here.' } };
        const listedRefs = new Set(this.rows(ctx.tab, ctx.subTab, ledger).map((r) => r.ref));
        // Upload All sends the rows on the page shown (SPEC §2: pagers are undocumented; this is the harsh case).
        const refs =
          control === 'Upload All'
            ? this.visibleRefs(ctx.tab, ctx.subTab, ctx.page, ctx.pageSize, defaultPageSize, ledger)
            : ctx.selected.filter((ref) => listedRefs.has(ref));
        if (control !== 'Upload All' && ctx.selected.length === 0) {
          return { message: { kind: 'error', text: NOTHING_SELECTED } };
        }
        if (refs.length === 0 && control === 'Upload All') {
          return {
            message: { kind: 'info', text: 'There are no items to upload.' },
            upload: { refs: [], results: [] },
          };
        }
        const results =
          def.kind === 'contacts' ? this.uploadContacts(refs) : this.uploadTxns(def, refs, ledger);
        return {
          message: summarise(results, this.ledger, def),
          upload: { refs: control === 'Upload All' ? refs : ctx.selected, results },
        };
      }
      case 'Refresh Data':
        if (def.kind !== 'cogs') return { message: { kind: 'error', text: 'Not available here.' } };
        this.refreshCogs();
        this.cogsRefreshedInView = true;
        return { message: { kind: 'info', text: 'COGS data refreshed.' } };
      case 'Update All': {
        if (def.kind !== 'cogs') return { message: { kind: 'error', text: 'Not available here.' } };
        if (!this.cogsRefreshedInView) return { message: { kind: 'error', text: REFRESH_FIRST } };
        const results = this.updateCogs(ledger);
        return {
          message: summarise(results, this.ledger, def),
          upload: { refs: results.map((r) => r.ref), results },
        };
      }
      case 'Do Not Import':
      case 'Delete':
        this.remove(def, ctx.selected[0] ?? '');
        return {
          message: {
            kind: 'info',
            text: control === 'Delete' ? 'Item deleted.' : 'Item marked Do Not Import.',
          },
        };
      case 'Refresh':
        return { message: { kind: 'info', text: `${ctx.subTab} refreshed from ${this.ledger}.` } };
      default:
        return {};
    }
  }

  /** Omni's own "Sync All": Customers, Invoices, Suppliers, Supplier Invoices, COGS. */
  syncAll(
    ledger: LedgerOptions,
  ): Array<{ tab: string; subTab: string; refs: string[]; results: UploadResult[] }> {
    const done: Array<{ tab: string; subTab: string; refs: string[]; results: UploadResult[] }> = [];
    for (const [tab, subTab] of [
      ['Sales', 'Customers'],
      ['Sales', 'Invoices'],
      ['Purchases', 'Suppliers'],
      ['Purchases', 'Supplier Invoices'],
    ] as const) {
      const def = this.findSubTab(tab, subTab);
      if (!def) continue;
      const refs = this.rows(tab, subTab, ledger).map((r) => r.ref);
      const results =
        def.kind === 'contacts' ? this.uploadContacts(refs) : this.uploadTxns(def, refs, ledger);
      done.push({ tab, subTab, refs, results });
    }
    this.refreshCogs();
    const results = this.updateCogs(ledger);
    done.push({ tab: 'Adjustments & COGS', subTab: 'COGS', refs: results.map((r) => r.ref), results });
    return done;
  }

  private uploadContacts(refs: string[]): UploadResult[] {
    return refs.map((ref) => {
      const c = this.data.contacts.find((x) => x.name === ref && !x.linked && x.status === 'active');
      if (!c) return { ref, ok: false, error: 'Already uploaded' };
      if (!this.connected) {
        c.error = 'The access token does not exist';
        return { ref, ok: false, error: c.error };
      }
      c.linked = true;
      c.error = undefined;
      return { ref, ok: true };
    });
  }

  private uploadTxns(def: SubTabDef, refs: string[], ledger: LedgerOptions): UploadResult[] {
    return refs.map((ref) => {
      const t = this.data.txns.find((x) => x.list === def.label && x.ref === ref && !x.errorsSubTab);
      if (!t || (t.status !== 'pending' && t.status !== 'error'))
        return { ref, ok: false, error: 'Already uploaded' };
      const error = this.rejection(t, ledger);
      if (!error) {
        t.status = 'synced';
        t.error = undefined;
        return { ref, ok: true };
      }
      t.status = 'error';
      t.error = error;
      t.errorsSubTab = def.errorsTo;
      return { ref, ok: false, error };
    });
  }

  /** Why the ledger refuses a document, in the provider's words (Cin7 help centre). */
  private rejection(t: Txn, ledger: LedgerOptions): string | undefined {
    if (!this.connected || ledger.accessTokenMissing) return 'The access token does not exist';
    const c = this.data.contacts.find((x) => x.name === t.contact);
    if (c && !c.linked) {
      const where = c.role === 'customer' ? 'Customers' : 'Suppliers';
      return `Contact ${c.name} is not linked to a ${this.ledger} contact. Upload it from the ${where} tab first.`;
    }
    if (!this.data.currencies.includes(t.currency))
      return `Organization is not subscribed to currency ${t.currency}`;
    if (t.list === 'Landed Costs' && !t.account) return 'Account code or ID must be specified';
    if (t.debits !== undefined && t.credits !== undefined && Math.abs(t.debits - t.credits) > 0.005) {
      return `The total debits (${t.debits.toFixed(2)}) must equal total credits (${t.credits.toFixed(2)})`;
    }
    if (t.amount === 0) return `Zero value transactions are not sent to ${this.ledger}`;
    return undefined;
  }

  private cogsByMonth(): Map<string, number> {
    const totals = new Map(this.data.importedCost);
    for (const t of this.data.txns) {
      if (t.list !== 'Invoices' || t.status !== 'synced' || !t.cost) continue;
      const month = t.date.slice(0, 7);
      totals.set(month, Math.round(((totals.get(month) ?? 0) + t.cost) * 100) / 100);
    }
    return totals;
  }

  /** Regenerate the months whose cost of goods differs from the journal in the ledger. */
  refreshCogs(): void {
    const rows = new Map<string, number>();
    for (const [month, amount] of [...this.cogsByMonth()].sort(([a], [b]) => a.localeCompare(b))) {
      if (Math.abs(amount - (this.data.journals.get(month) ?? 0)) > 0.005) rows.set(month, amount);
    }
    this.data.cogsRows = rows;
  }

  private updateCogs(ledger: LedgerOptions): UploadResult[] {
    const results: UploadResult[] = [];
    for (const [month, amount] of [...this.data.cogsRows]) {
      const ref = monthLabel(month);
      if (!this.connected || ledger.accessTokenMissing) {
        results.push({ ref, ok: false, error: 'The access token does not exist' });
      } else if (monthEnd(month) <= ledger.lockDate) {
        results.push({
          ref,
          ok: false,
          error: `${ref} is on or before the lock date (${formatDate(ledger.lockDate)}) and cannot be updated in ${this.ledger}.`,
        });
      } else {
        const replacedJournal = this.data.journals.has(month);
        this.data.journals.set(month, amount);
        this.data.cogsRows.delete(month);
        results.push(replacedJournal ? { ref, ok: true, replacedJournal } : { ref, ok: true });
      }
    }
    return results;
  }

  private remove(def: SubTabDef, ref: string): void {
    if (def.kind === 'contacts') {
      const c = this.data.contacts.find((x) => x.name === ref && x.role === def.role);
      if (c) c.status = 'removed';
      return;
    }
    const t = this.data.txns.find(
      (x) =>
        x.ref === ref &&
        (def.kind === 'errors' ? x.errorsSubTab === def.label : x.list === def.label && !x.errorsSubTab),
    );
    if (t) t.status = 'removed';
  }

  errors(ledger: LedgerOptions): SimError[] {
    const out: SimError[] = [];
    for (const tab of this.tabs) {
      for (const s of tab.subTabs) {
        if (s.kind === 'admin' || s.kind === 'discrepancies') continue;
        for (const r of this.rows(tab.label, s.label, ledger)) {
          if (r.error) out.push({ subTab: s.label, ref: r.ref, error: r.error });
        }
      }
    }
    return out;
  }

  pending(ledger: LedgerOptions): Record<string, Record<string, string[]>> {
    const out: Record<string, Record<string, string[]>> = {};
    for (const tab of this.tabs) {
      const lists: Record<string, string[]> = {};
      for (const s of tab.subTabs) lists[s.label] = this.rows(tab.label, s.label, ledger).map((r) => r.ref);
      out[tab.label] = lists;
    }
    return out;
  }
}

export function controlsFor(def: SubTabDef): string[] {
  switch (def.kind) {
    case 'txn':
      return ['Upload All', 'Upload Selected'];
    case 'plain':
    case 'contacts':
      return ['Upload'];
    case 'cogs':
      return ['Refresh Data', 'Update All'];
    case 'admin':
      return ['Refresh'];
    default:
      return [];
  }
}

function summarise(results: UploadResult[], ledger: string, def: SubTabDef): DashboardView['message'] {
  const ok = results.filter((r) => r.ok).length;
  const failed = results.length - ok;
  const noun = (n: number) => (n === 1 ? 'item' : 'items');
  if (failed === 0) return { kind: 'success', text: `${ok} ${noun(ok)} uploaded to ${ledger}.` };
  const where = def.errorsTo ? ' See the Errors tab for details.' : ' See the Errors column for details.';
  return { kind: 'error', text: `${ok} ${noun(ok)} uploaded to ${ledger}, ${failed} failed.${where}` };
}
