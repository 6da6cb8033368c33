// Static snapshots of one seed's rendering with their ground truth, for checking a page reader without a
// browser (no script runs: what a reader sees the moment the page has arrived). The model is driven into each
// state first (uploads that fail, lists emptied, a dialog open), then rendered with test marks.
import { simPaths } from '../markup.ts';
import { type ActionContext, type DashboardView, type LedgerOptions, OmniCompany } from '../omni.ts';
import type { Provider, SimSettings } from '../types.ts';
import {
  type ExpectedReading,
  type ListState,
  listUrl,
  pageArgs,
  type RenderUi,
  renderWithTruth,
} from './render.ts';
import { mix, picker, type RenderingVariant, variantFor } from './variant.ts';

export type { ExpectedPager, ExpectedReading, ExpectedRow } from './render.ts';
export { fuzzSelector } from './render.ts';

export interface FuzzCase {
  name: string;
  variant: RenderingVariant;
  url: string;
  html: string;
  expected: ExpectedReading;
}

const ORIGIN = 'https://go.cin7.com';
const LEDGER: LedgerOptions = { lockDate: '2026-09-30', accessTokenMissing: false };

/** Lists where a failed upload stays listed with its reason, and the reference that fails there. */
const FAILING_LISTS: Record<Provider, Array<[tab: string, subTab: string, ref: string]>> = {
  xero: [
    ['Purchases', 'Supplier Credit Notes', 'SCN-0413'],
    ['Purchases', 'Landed Costs', 'LC-0058'],
    ['Retail', 'Gift Vouchers', 'GV-100233'],
  ],
  qbo: [
    ['Purchases', 'Supplier Credit Notes', 'SCN-0413'],
    ['Purchases', 'Purchase Orders', 'PO-3106'],
  ],
};

class CaseBuilder {
  readonly cases: FuzzCase[] = [];
  private readonly defaultPageSize: number | null;

  constructor(
    private readonly seed: number,
    readonly variant: RenderingVariant,
    readonly provider: Provider,
    private readonly settings: Pick<SimSettings, 'extraSubTab'>,
  ) {
    this.defaultPageSize = variant.pager.style === 'none' ? null : variant.pager.pageSize;
  }

  company(bulk?: SimSettings['bulk']): OmniCompany {
    return new OmniCompany(this.provider, { ...this.settings, ...(bulk ? { bulk } : {}) });
  }

  private state(tab: string, subTab: string, change: Partial<ListState> = {}): ListState {
    return { tab, subTab, page: 1, size: null, shown: 1, ...change };
  }

  private view(company: OmniCompany, state: ListState): DashboardView {
    const view = company.view(state.tab, state.subTab, {
      ...pageArgs(this.variant, this.defaultPageSize, state),
      defaultPageSize: this.defaultPageSize,
      ledger: LEDGER,
    });
    view.confirmUploads = this.variant.confirm.enabled;
    return view;
  }

  /** A control pressed on the page shown, as the simulator's server would apply it. */
  press(company: OmniCompany, tab: string, subTab: string, control: string, selected: string[]) {
    const ctx: ActionContext = {
      tab,
      subTab,
      selected,
      ...pageArgs(this.variant, this.defaultPageSize, this.state(tab, subTab)),
    };
    return company.act(control, ctx, LEDGER, this.defaultPageSize);
  }

  add(
    label: string,
    company: OmniCompany,
    tab: string,
    subTab: string,
    opts: { change?: Partial<ListState>; message?: DashboardView['message'] } & Omit<
      RenderUi,
      'list' | 'markForTests'
    > = {},
  ): void {
    const requested = this.state(tab, subTab, opts.change);
    const view = this.view(company, requested);
    view.message = opts.message;
    const list: ListState = {
      ...requested,
      tab: view.tab,
      subTab: view.subTab,
      page: view.pager?.page ?? 1,
    };
    const { html, expected } = renderWithTruth(view, this.variant, {
      list,
      checked: opts.checked,
      dialog: opts.dialog,
      busy: opts.busy,
      markForTests: true,
    });
    const path = this.variant.navigation === 'post' ? simPaths.dashboard : listUrl(this.variant, list);
    this.cases.push({
      name: `seed ${this.seed} / ${view.tab} / ${view.subTab}${label ? ` / ${label}` : ''}`,
      variant: this.variant,
      url: `${ORIGIN}${path}`,
      html,
      expected,
    });
  }
}

export function fuzzCases(seed: number): FuzzCase[] {
  const variant = variantFor(seed);
  const r = picker(mix(seed, 'cases'));
  const provider = r.pick<Provider>(['xero', 'qbo']);
  // Sometimes an Omni version with a sub-tab SPEC §2 does not list.
  const extra = r.chance(0.25) ? { tab: 'Purchases', label: 'Freight Bills', rows: 2 } : undefined;
  const b = new CaseBuilder(seed, variant, provider, extra ? { extraSubTab: extra } : {});

  // A contact list (on Purchases when the extra sub-tab is there to be seen).
  b.add('', b.company(), extra ? 'Purchases' : 'Sales', extra ? 'Suppliers' : 'Customers');

  // A list right after an upload where one item failed and stayed, with its reason; one row ticked again.
  const [tab, subTab, failing] = r.pick(FAILING_LISTS[provider]);
  const failed = b.company();
  const control = subTab === 'Landed Costs' ? 'Upload' : 'Upload Selected';
  const outcome = b.press(failed, tab, subTab, control, [failing]);
  const others = failed
    .rows(tab, subTab, LEDGER)
    .map((row) => row.ref)
    .filter((ref) => ref !== failing);
  // With confirm dialogs, the person has already pressed the upload control again for the ticked row.
  const ticked = others.slice(0, 1);
  b.add(variant.confirm.enabled ? 'after upload / confirm dialog' : 'after upload', failed, tab, subTab, {
    message: outcome.message,
    checked: new Set(ticked),
    dialog: variant.confirm.enabled ? { control, selected: ticked } : null,
  });

  // COGS: September is on or before the lock date and carries the warning.
  b.add('', b.company(), 'Adjustments & COGS', 'COGS');

  // An emptied list: the balanced adjustments synced, the unbalanced one moved to Errors.
  const emptied = b.company();
  b.press(emptied, 'Adjustments & COGS', 'Adjustments', 'Upload Selected', [
    'ADJ-0091',
    'ADJ-0092',
    'ADJ-0093',
  ]);
  b.add('empty', emptied, 'Adjustments & COGS', 'Adjustments');

  // The read-only Errors tab, after invoices for unlinked customers failed.
  const errors = b.company();
  const invoices = errors.rows('Sales', 'Invoices', LEDGER).map((row) => row.ref);
  b.press(errors, 'Sales', 'Invoices', 'Upload Selected', invoices);
  b.add('', errors, 'Errors', 'Invoices');

  if (variant.pager.style !== 'none') {
    // Enough rows for a second page (a show-more list with small pages still has more to show).
    const size = variant.pager.pageSize;
    const paged = b.company({ subTab: 'Invoices', rows: size <= 10 ? size * 2 + 1 : size + 3 });
    const change = variant.pager.style === 'show-more' ? { shown: 2 } : { page: 2 };
    b.add(variant.pager.style === 'show-more' ? 'shown twice' : 'page 2', paged, 'Sales', 'Invoices', {
      change,
    });
  }

  if (variant.busy.kind !== 'none') {
    b.add('loading', b.company(), 'Purchases', 'Supplier Invoices', { busy: true });
  }
  return b.cases;
}
