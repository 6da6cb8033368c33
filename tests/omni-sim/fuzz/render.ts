// The fuzz renderer: one DashboardView, one RenderingVariant and what the server knows about the page become
// the page's HTML, together with the reading a careful person makes of it (the ground truth of a case).
// Pure: the server, the in-page panel endpoint and the static cases all render through here.
import { confirmText, esc, layout, simPaths } from '../markup.ts';
import type { DashboardView, Row } from '../omni.ts';
import type { Provider } from '../types.ts';
import { applyCase, type Field, fieldOf, headerWords, normalise, pad } from './columns.ts';
import {
  type ButtonKind,
  buttonKindFor,
  checkboxSideFor,
  mix,
  type RenderingVariant,
  rowKey,
  type StripVariant,
  slug,
} from './variant.ts';

export const fuzzPaths = {
  /** In-page navigation: POST a command, get the app region's HTML back (an UpdatePanel's async postback). */
  panel: '/Cloud/AccountingV2/api/panel',
  /** The page script and the variant's stylesheet, under per-seed file names. */
  scriptPrefix: '/Scripts/omni/',
  cssPrefix: '/Content/omni/',
};

/** Which list the page shows and how much of it: the state navigation moves between. */
export interface ListState {
  tab: string;
  subTab: string;
  page: number;
  /** Page size chosen with the page-size select; null = the dashboard's default. */
  size: number | null;
  /** Show-more pagers: how many pages' worth of rows are shown. */
  shown: number;
}

export interface RenderUi {
  list: ListState;
  /** References ticked (a postback redisplays them; a snapshot shows them). */
  checked?: ReadonlySet<string>;
  /** A confirm dialog is open for this control (server-side dialogs and snapshots). */
  dialog?: { control: string; selected: string[] } | null;
  /** The busy signal is showing (snapshots of a list loading). */
  busy?: boolean;
  /** Put data-fuzz-id marks on the elements the ground truth names. Never in the browser. */
  markForTests?: boolean;
}

export type TickKindTruth = 'native' | 'hidden-native' | 'aria-checkbox' | 'aria-selected-row' | 'none';

export interface ExpectedRow {
  ref: string;
  fields: { reference?: string; contact?: string; date?: string; amount?: string; error?: string };
  checked: boolean;
  selectable: boolean;
  tickTarget: string | null;
  tickKind: TickKindTruth;
}

export interface ExpectedPager {
  style: 'numbered' | 'next-prev' | 'show-more';
  page: number;
  pages: number;
  total: number;
  shown: number;
  next: string | null;
  previous: string | null;
  showMore: string | null;
  pageSize: { selector: string; options: number[]; value: number } | null;
}

export interface ExpectedReading {
  provider: Provider;
  heading: string;
  tabs: string[];
  activeTab: string;
  subTabs: string[];
  activeSubTab: string;
  counts: Record<string, number>;
  busy: boolean;
  list: {
    state: 'rows' | 'empty' | 'loading';
    columns: Array<{ header: string; field: Field }>;
    rows: ExpectedRow[];
    selectAll: { placement: 'header' | 'above' | 'below'; selector: string; checked: boolean } | null;
    pager: ExpectedPager | null;
  };
  controls: Record<string, string>;
  message: string | null;
  dialog: { confirm: string; confirmLabel: string } | null;
}

/** The controls SPEC §3 lets automation press, as named in the ground truth. */
const DOCUMENTED_CONTROLS = ['Upload All', 'Upload Selected', 'Upload', 'Refresh Data', 'Update All'];

export function fuzzSelector(id: string): string {
  return `[data-fuzz-id="${id.replace(/["\\]/g, '\\$&')}"]`;
}

export function headingText(variant: RenderingVariant, provider: string): string {
  switch (variant.heading.wording) {
    case 'v2-dashboard':
      return `${provider} V2 Accounting Dashboard`;
    case 'dashboard-dash':
      return `Accounting dashboard — ${provider}`;
    case 'provider-v2':
      return `${provider} V2`;
    case 'accounting-paren':
      return `Accounting (${provider})`;
    case 'dot-v2':
      return `Accounting Dashboard V2 · ${provider}`;
  }
}

export function listUrl(variant: RenderingVariant, state: ListState): string {
  const q = variant.names.query;
  const word = (label: string) => (variant.names.querySlugs ? slug(label) : label);
  const params = new URLSearchParams();
  if (state.tab) params.set(q.tab, word(state.tab));
  if (state.subTab) params.set(q.subTab, word(state.subTab));
  if (state.page > 1) params.set(q.page, String(state.page));
  if (state.size !== null) params.set(q.size, String(state.size));
  if (state.shown > 1) params.set(q.shown, String(state.shown));
  const query = params.toString();
  return query ? `${simPaths.dashboard}?${query}` : simPaths.dashboard;
}

/** The model's page arguments for a state: a show-more list is page 1 of everything loaded so far. */
export function pageArgs(
  variant: RenderingVariant,
  defaultPageSize: number | null,
  state: ListState,
): { page: number; pageSize: number | null } {
  if (variant.pager.style === 'show-more' && defaultPageSize !== null) {
    return { page: 1, pageSize: (state.size ?? defaultPageSize) * state.shown };
  }
  return { page: state.page, pageSize: state.size };
}

/** What a WebForms-like page round-trips in its hidden state field. */
export interface PostState extends ListState {
  /** A server-side confirm dialog is open for this control and these references. */
  pending?: { control: string; selected: string[] };
}

export function encodePostState(state: PostState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64');
}

export function decodePostState(value: string | null): PostState | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as PostState;
    return typeof parsed.tab === 'string' && typeof parsed.subTab === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const ICONS = {
  upload:
    '<svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><path fill="currentColor" d="M8 1l5 5h-3v5H6V6H3zM2 13h12v2H2z"/></svg>',
  refresh:
    '<svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><path fill="currentColor" d="M8 2a6 6 0 105.7 8h-2.1A4 4 0 118 4v2l3-3-3-3z"/></svg>',
};

/** Row icons, served as images by the simulator (grids repeat them on every row). */
export const fuzzIcons: Record<string, string> = {
  '/Images/Grid/View.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><path fill="#455a64" d="M8 3C4 3 1 8 1 8s3 5 7 5 7-5 7-5-3-5-7-5zm0 8a3 3 0 110-6 3 3 0 010 6z"/></svg>',
  '/Images/Grid/Search.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><path fill="#455a64" d="M6.5 1a5.5 5.5 0 014.4 8.8l3.7 3.7-1.4 1.4-3.7-3.7A5.5 5.5 0 116.5 1zm0 2a3.5 3.5 0 100 7 3.5 3.5 0 000-7z"/></svg>',
};

const FIELD_ICONS: Record<Field, string> = {
  reference:
    '<svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><path d="M5 1v14M11 1v14M1 5h14M1 11h14" stroke="#455a64" stroke-width="2"/></svg>',
  contact:
    '<svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><circle cx="8" cy="5" r="3" fill="#455a64"/><path d="M2 15a6 6 0 0112 0z" fill="#455a64"/></svg>',
  date: '<svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><rect x="1" y="3" width="14" height="12" fill="none" stroke="#455a64" stroke-width="2"/><path d="M1 7h14" stroke="#455a64" stroke-width="2"/></svg>',
  amount:
    '<svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="none" stroke="#455a64" stroke-width="2"/><path d="M8 3v10M5 6h5M6 10h5" stroke="#455a64" stroke-width="1.5"/></svg>',
  error:
    '<svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><path fill="#ef6c00" d="M8 1l7 14H1z"/></svg>',
  other:
    '<svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16"><circle cx="8" cy="8" r="3" fill="#90a4ae"/></svg>',
};

const WARNING_ICON = '<img src="/Images/Grid/Warning.svg" alt="" width="14" height="14" class="warn-icon"> ';

interface Column {
  kind: 'tick' | 'number' | 'data' | 'actions';
  /** Index into view.columns for data columns. */
  index: number;
  header: string;
  headerHtml: string;
  headerAttrs: string;
  field: Field;
}

/** Builds one page: markup and ground truth from the same decisions, so they cannot drift apart. */
class PageBuilder {
  readonly expected: ExpectedReading;
  readonly panel: string;
  private readonly form: boolean;
  private readonly checked: ReadonlySet<string>;
  private readonly heading: string;

  constructor(
    private readonly view: DashboardView,
    private readonly v: RenderingVariant,
    private readonly ui: RenderUi,
  ) {
    this.form = v.navigation !== 'inpage';
    this.checked = ui.checked ?? new Set();
    this.heading = headingText(v, view.providerName);
    this.expected = {
      provider: view.provider,
      heading: this.heading,
      tabs: view.tabs.map((t) => t.label),
      activeTab: view.tab,
      subTabs: view.subTabs.map((s) => s.label),
      activeSubTab: view.subTab,
      counts: {},
      busy: this.busyShown,
      list: { state: 'rows', columns: [], rows: [], selectAll: null, pager: null },
      controls: {},
      message: null,
      dialog: null,
    };
    this.panel = this.buildPanel();
  }

  private get busyShown(): boolean {
    return this.ui.busy === true && this.v.busy.kind !== 'none';
  }

  /** Busy that replaces the list region (an element to show instead), rather than covering it. */
  private get busyReplaces(): boolean {
    return this.v.busy.placement === 'replace' && this.v.busy.kind !== 'aria-busy';
  }

  private mark(id: string): string {
    return this.ui.markForTests ? ` data-fuzz-id="${esc(id)}"` : '';
  }

  private cmd(command: string): string {
    return ` ${this.v.names.cmd}="${esc(command)}"`;
  }

  private jsCall(command: string): string {
    return `${this.v.names.globalFn}('${command.replace(/[\\']/g, '\\$&')}','')`;
  }

  private jsHref(command: string): string {
    return `javascript:${this.jsCall(command).replace(/%/g, '%25').replace(/#/g, '%23')}`;
  }

  private url(change: Partial<ListState>): string {
    return listUrl(this.v, { ...this.ui.list, ...change });
  }

  /** Where a navigation link points: the URL itself (GET, and in-page links the script intercepts) or a postback. */
  private navHref(command: string, url: string, scripted: boolean): string {
    if (this.v.navigation === 'get') return url;
    if (this.v.navigation === 'post' || scripted) return this.jsHref(command);
    return url;
  }

  private submitName(command: string): string {
    return this.form ? ` name="${esc(this.v.names.submitPrefix + command)}"` : '';
  }

  private get buttonType(): string {
    return this.form ? 'submit' : 'button';
  }

  /** A pressable element in one of the markup kinds real dashboards use. */
  private pressable(
    kind: ButtonKind,
    command: string,
    label: string,
    opts: { icon?: string; cls?: string; markId?: string } = {},
  ): string {
    const cls = opts.cls ? ` class="${opts.cls}"` : '';
    const common = `${cls}${this.cmd(command)}${opts.markId ? this.mark(opts.markId) : ''}`;
    const text = esc(label);
    const icon = opts.icon ?? ICONS.upload;
    switch (kind) {
      case 'button':
        return `<button type="${this.buttonType}"${this.submitName(command)}${common}>${text}</button>`;
      case 'input':
        return `<input type="${this.buttonType}"${this.submitName(command)} value="${text}"${common}>`;
      case 'link-hash':
        return `<a href="#"${common}>${text}</a>`;
      case 'link-js':
        return `<a href="${esc(this.jsHref(command))}"${common}>${text}</a>`;
      case 'role-button':
        return `<span role="button" tabindex="0"${common}>${text}</span>`;
      case 'icon-text':
        return `<button type="${this.buttonType}"${this.submitName(command)}${common}>${icon}<span>${text}</span></button>`;
      case 'icon-aria':
        return `<button type="${this.buttonType}"${this.submitName(command)}${common} aria-label="${text}" title="${text}">${icon}</button>`;
    }
  }

  // ---- header, tabs -------------------------------------------------------------------------------------

  private header(): string {
    const v = this.v;
    const text = esc(this.heading);
    const heading =
      v.heading.kind === 'h1'
        ? `<h1${this.mark('heading')}>${text}</h1>`
        : v.heading.kind === 'h2'
          ? `<h2${this.mark('heading')}>${text}</h2>`
          : v.heading.kind === 'aria-heading'
            ? `<div role="heading" aria-level="1" class="page-heading"${this.mark('heading')}>${text}</div>`
            : `<div class="page-title"${this.mark('heading')}>${text}</div>`;
    const provider = esc(this.view.providerName);
    const disconnect =
      v.extras.disconnect && this.view.connected
        ? `<span class="connection">Connected to ${provider} · ${this.pressable('link-hash', 'disconnect', 'Disconnect')}</span>`
        : '';
    const syncAll =
      v.extras.syncAll === 'button'
        ? this.pressable('button', 'sync', 'Sync All', { cls: 'btn' })
        : v.extras.syncAll === 'link'
          ? this.pressable('link-hash', 'sync', 'Sync All', { cls: 'sync-link' })
          : `<span class="split-button">${this.pressable('button', 'sync', 'Sync All', { cls: 'btn primary' })}<span class="caret" aria-hidden="true">▾</span></span>`;
    return `<div class="acc-head">${heading}<span class="org">${esc(this.view.organisation)}</span><a class="settings-cog" href="${simPaths.connect}" title="Settings" aria-label="Settings"><img src="/Images/cog.svg" alt=""></a>${disconnect}<span class="acc-head-actions">${syncAll}</span></div>`;
  }

  private stripText(sv: StripVariant, label: string, count: number | undefined, error: boolean): string {
    const text = esc(pad(applyCase(label, sv.labelCase), sv.padded));
    // The Errors badge is red whatever the strip does with counts (SPEC §2).
    const style = error && sv.counts === 'none' ? 'badge' : sv.counts;
    if (count === undefined || style === 'none') return text;
    this.expected.counts[label] = count;
    switch (style) {
      case 'parens':
        return `${text} (${count})`;
      case 'badge':
        return `${text} <span class="badge${error ? ' badge-error' : ''}">${count}</span>`;
      case 'suffix':
        return `${text} ${count}`;
    }
  }

  private stripItem(
    level: 'tab' | 'sub',
    sv: StripVariant,
    item: { label: string; count: number | undefined; selected: boolean },
    first: boolean,
    last: boolean,
  ): string {
    const command = `${level}:${item.label}`;
    const attrs = `${this.cmd(command)}${this.mark(`${level === 'tab' ? 'tab' : 'subtab'}:${item.label}`)}`;
    const text = this.stripText(sv, item.label, item.count, level === 'tab' && item.label === 'Errors');
    const url = this.url(
      level === 'tab'
        ? { tab: item.label, subTab: '', page: 1, shown: 1 }
        : { subTab: item.label, page: 1, shown: 1 },
    );
    const href = esc(this.navHref(command, url, sv.inlineHandler));
    const sel = item.selected;
    const selCls = sel ? ` ${sv.selectedClass}` : '';
    const onclick = sv.inlineHandler ? ` onclick="${esc(this.jsCall(command))}"` : '';
    switch (sv.kind) {
      case 'aria-tabs': {
        const aria = ` role="tab" aria-selected="${sel}" tabindex="${sel ? 0 : -1}" class="tab${selCls}"`;
        if (sv.tabElement === 'a') return `<a href="${href}"${aria}${attrs}>${text}</a>`;
        if (sv.tabElement === 'li') return `<li${aria}${onclick}${attrs}>${text}</li>`;
        return `<button type="${this.buttonType}"${this.submitName(command)}${aria}${attrs}>${text}</button>`;
      }
      case 'links-current':
        return `<li><a href="${href}" class="nav-link${selCls}"${sel && sv.ariaCurrent ? ` aria-current="${sv.ariaCurrent}"` : ''}${attrs}>${text}</a></li>`;
      case 'buttons-class': {
        const pressed = sv.ariaPressed ? ` aria-pressed="${sel}"` : '';
        if (this.v.navigation === 'get')
          return `<a href="${href}" class="btn${selCls}"${pressed}${attrs}>${text}</a>`;
        return `<button type="${this.buttonType}"${this.submitName(command)} class="btn${selCls}"${pressed}${attrs}>${text}</button>`;
      }
      case 'list-items':
        if (this.v.navigation === 'get')
          return `<li class="tab-item${selCls}"><a href="${href}"${attrs}>${text}</a></li>`;
        return `<li class="tab-item${selCls}"${onclick}${attrs}>${text}</li>`;
      case 'telerik': {
        const edge = `${first ? ' rtsFirst' : ''}${last ? ' rtsLast' : ''}`;
        return `<li class="rtsLI${edge}"><a class="rtsLink${selCls}" href="${href}"${attrs}><span class="rtsOut"><span class="rtsIn"><span class="rtsTxt">${text}</span></span></span></a></li>`;
      }
    }
  }

  private strip(level: 'tab' | 'sub'): string {
    const sv = level === 'tab' ? this.v.tabs : this.v.subTabs;
    const name = level === 'tab' ? 'Accounting' : this.view.tab;
    const items = (
      level === 'tab'
        ? this.view.tabs.map((t) => ({ label: t.label, count: t.badge, selected: t.selected }))
        : this.view.subTabs.map((s) => ({ label: s.label, count: s.count, selected: s.selected }))
    ).map((item, i, all) => this.stripItem(level, sv, item, i === 0, i === all.length - 1));
    const body = items.join('');
    switch (sv.kind) {
      case 'aria-tabs':
        return sv.tabElement === 'li'
          ? `<ul role="tablist" aria-label="${esc(name)}" class="strip">${body}</ul>`
          : `<div role="tablist" aria-label="${esc(name)}" class="strip">${body}</div>`;
      case 'links-current':
        return `<nav aria-label="${esc(name)}" class="strip-nav"><ul class="strip">${body}</ul></nav>`;
      case 'buttons-class':
        return `<div class="strip btn-strip">${body}</div>`;
      case 'list-items':
        return `<ul class="strip tab-list">${body}</ul>`;
      case 'telerik':
        return `<div class="RadTabStrip RadTabStrip_Default"><div class="rtsLevel rtsLevel1"><ul class="rtsUL">${body}</ul></div></div>`;
    }
  }

  // ---- messages, dialogs, busy ---------------------------------------------------------------------------

  /** The result message in the variant's markup; `text` may be empty for the script's template. */
  private messageHtml(kind: string, text: string, markId?: string): string {
    const r = this.v.results;
    const dismiss = r.dismissible
      ? ` <button type="button" class="close" aria-label="Dismiss"${this.cmd('dismiss')}>×</button>`
      : '';
    const inner = `<span class="msg-text"${markId ? this.mark(markId) : ''}>${esc(text)}</span>${dismiss}`;
    switch (r.kind) {
      case 'message':
        return `<${r.tag} class="msg msg-${esc(kind)}">${inner}</${r.tag}>`;
      case 'toast':
        return `<div class="${this.v.names.toastClass} toast-${esc(kind)}" aria-live="polite">${inner}</div>`;
      case 'status':
        return `<div role="status" aria-live="polite" class="msg msg-${esc(kind)}">${inner}</div>`;
      case 'alert':
        return `<div role="alert" class="msg msg-${esc(kind)}">${inner}</div>`;
    }
  }

  private message(where: 'top' | 'above-grid' | 'below-grid' | 'toast'): string {
    const message = this.view.message;
    if (!message) return '';
    const placed = this.v.results.kind === 'toast' ? 'toast' : this.v.results.placement;
    if (placed !== where) return '';
    this.expected.message = message.text;
    return this.messageHtml(message.kind, message.text, 'message');
  }

  private dialogHtml(control: string, marked: boolean): string {
    const c = this.v.confirm;
    const title = esc(c.title);
    const text = esc(confirmText(control, this.view.providerName));
    const type = this.form && c.where === 'server' ? 'submit' : 'button';
    const buttons = `<div class="modal-buttons"><button type="${type}" class="btn primary"${this.cmd('confirm')}${marked ? this.mark('dialog:confirm') : ''}>${esc(c.confirmLabel)}</button> <button type="${type}" class="btn"${this.cmd('cancel')}>${esc(c.cancelLabel)}</button></div>`;
    switch (c.kind) {
      case 'role-dialog':
      case 'alertdialog':
        return `<div class="modal-backdrop"></div><div role="${c.kind === 'role-dialog' ? 'dialog' : 'alertdialog'}" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-text" class="modal"><h2 id="confirm-title">${title}</h2><p id="confirm-text">${text}</p>${buttons}</div>`;
      case 'native-dialog':
        return `<dialog open class="modal" aria-labelledby="confirm-title"><h2 id="confirm-title">${title}</h2><p>${text}</p>${buttons}</dialog>`;
      case 'plain-div':
        return `<div class="modal-backdrop"></div><div class="modal popup"><div class="popup-title">${title}</div><div class="popup-body">${text}</div>${buttons}</div>`;
    }
  }

  private busyHtml(): string {
    const b = this.v.busy;
    const text = esc(b.text);
    switch (b.kind) {
      case 'overlay':
      case 'overlay+aria-busy':
        return `<div class="busy-overlay${b.placement === 'replace' ? ' busy-inline' : ''}" aria-live="polite">${text}</div>`;
      case 'progressbar':
        return `<div role="progressbar" aria-label="${text}" class="spinner${b.placement === 'replace' ? ' spinner-inline' : ''}"></div>`;
      default:
        return '';
    }
  }

  // ---- toolbar, select-all, ticks --------------------------------------------------------------------------

  private control(control: string): string {
    const kind = buttonKindFor(this.v, control);
    const label = this.v.buttons.labelCase === 'upper' ? control.toUpperCase() : control;
    const primary = control.startsWith('Upload') || control === 'Update All';
    const markId = DOCUMENTED_CONTROLS.includes(control) ? `control:${control}` : undefined;
    if (markId) this.expected.controls[control] = fuzzSelector(markId);
    return this.pressable(kind, `ctl:${control}`, label, {
      cls: `btn${primary ? ' primary' : ''}`,
      icon: control.startsWith('Refresh') ? ICONS.refresh : ICONS.upload,
      markId,
    });
  }

  private toolbar(where: 'above' | 'below'): string {
    const controls = this.view.controls;
    if (controls.length === 0) return '';
    const placement = this.v.buttons.toolbar;
    const shown =
      placement === 'split'
        ? where === 'above'
          ? controls.slice(0, 1)
          : controls.slice(1)
        : placement === where
          ? controls
          : [];
    if (shown.length === 0) return '';
    return `<div class="toolbar">${shown.map((c) => this.control(c)).join(' ')}</div>`;
  }

  /** The row checkbox (or, for aria-selected rows, nothing: the row itself is selected). */
  private tick(row: Row, key: string, checked: boolean, index: number): string {
    const t = this.v.ticks;
    const n = this.v.names;
    const ref = esc(row.ref);
    const named =
      t.name === 'select-row'
        ? ' aria-label="Select row"'
        : t.name === 'select-ref'
          ? ` aria-label="Select ${ref}"`
          : t.name === 'title'
            ? ` title="Select ${ref}"`
            : '';
    const form = ` name="${esc(n.checkField)}" value="${esc(key)}"`;
    const mark = this.mark(`tick:${row.ref}`);
    switch (t.kind) {
      case 'native': {
        const id = `${n.tickClass}-${index}`;
        const label = t.name === 'label' ? `<label for="${id}" class="vh">Select ${ref}</label>` : '';
        return `<input type="checkbox" id="${id}" class="${n.tickClass}"${form}${named}${checked ? ' checked' : ''}${mark}>${label}`;
      }
      case 'hidden-native': {
        const hidden = t.name === 'label' ? `<span class="vh">Select ${ref}</span>` : '';
        const onInput = t.name === 'select-row' || t.name === 'select-ref' ? named : '';
        const onLabel = t.name === 'title' ? named : '';
        return `<label class="cb ${n.tickClass}"${onLabel}${mark}><input type="checkbox" class="vh"${form}${onInput}${checked ? ' checked' : ''}><span class="cb-box" aria-hidden="true"></span>${hidden}</label>`;
      }
      case 'aria-checkbox': {
        const ariaName = t.name === 'label' ? ` aria-label="Select ${ref}"` : named;
        return `<span role="checkbox" aria-checked="${checked}" tabindex="0" class="ab ${n.tickClass}"${ariaName}${mark}></span>`;
      }
      case 'aria-selected-row':
        return '';
    }
  }

  private selectAll(placement: 'header' | 'above' | 'below', allChecked: boolean): string {
    const s = this.v.selectAll;
    if (s.placement !== placement) return '';
    this.expected.list.selectAll = { placement, selector: fuzzSelector('select-all'), checked: allChecked };
    const label = s.label ? esc(s.label) : '';
    const mark = this.mark('select-all');
    const command = this.cmd('select-all');
    const inHeader = placement === 'header';
    let html: string;
    if (s.aria) {
      const name = inHeader && label ? ` aria-label="${label}"` : '';
      html = `<span role="checkbox" aria-checked="${allChecked}" tabindex="0" class="ab"${name}${command}${mark}>${inHeader ? '' : label}</span>`;
    } else if (this.v.ticks.kind === 'hidden-native') {
      const text = inHeader ? (label ? `<span class="vh">${label}</span>` : '') : label;
      html = `<label class="cb"${mark}><input type="checkbox" class="vh"${command}${allChecked ? ' checked' : ''}><span class="cb-box" aria-hidden="true"></span>${text}</label>`;
    } else {
      const id = `${this.v.names.tickClass}-all`;
      const name = inHeader && label ? ` aria-label="${label}"` : '';
      const visible = !inHeader && label ? ` <label for="${id}">${label}</label>` : '';
      html = `<input type="checkbox" id="${id}"${name}${command}${allChecked ? ' checked' : ''}${mark}>${visible}`;
    }
    return inHeader ? html : `<div class="bulk-select">${html}</div>`;
  }

  // ---- grid ------------------------------------------------------------------------------------------------

  private columns(side: 'left' | 'right' | 'none'): Column[] {
    const view = this.view;
    const v = this.v;
    const words = headerWords(v, view);
    const searchIcon = view.kind === 'contacts' && v.grid.search === 'icon';
    const cols: Column[] = [];
    const header = (text: string) => esc(pad(applyCase(text, v.headers.labelCase), v.headers.padded));
    if (v.grid.rowNumbers) {
      cols.push({ kind: 'number', index: -1, header: '#', headerHtml: '#', headerAttrs: '', field: 'other' });
    }
    view.columns.forEach((column, index) => {
      if (searchIcon && column === 'Search') return;
      const field = fieldOf(view, column);
      const word = words[index] ?? column;
      if (v.headers.wording === 'icons') {
        cols.push({
          kind: 'data',
          index,
          header: '',
          headerHtml: FIELD_ICONS[field],
          headerAttrs: ` title="${esc(word)}" aria-label="${esc(word)}"`,
          field,
        });
      } else {
        cols.push({
          kind: 'data',
          index,
          header: normalise(applyCase(word, v.headers.labelCase)),
          headerHtml: header(word),
          headerAttrs: '',
          field,
        });
      }
    });
    if (this.hasActions) {
      const h = v.headers.actionsHeader;
      cols.push({
        kind: 'actions',
        index: -1,
        header: h,
        headerHtml: esc(h),
        headerAttrs: '',
        field: 'other',
      });
    }
    if (side !== 'none' && v.ticks.kind !== 'aria-selected-row') {
      const tick: Column = {
        kind: 'tick',
        index: -1,
        header: '',
        headerHtml: '',
        headerAttrs: '',
        field: 'other',
      };
      if (side === 'left') cols.unshift(tick);
      else cols.push(tick);
    }
    return cols;
  }

  private get documentRows(): boolean {
    return ['txn', 'plain', 'errors'].includes(this.view.kind);
  }

  private get hasActions(): boolean {
    const view = this.view;
    return (
      view.rowDelete ||
      (this.v.grid.viewButtons && this.documentRows) ||
      (view.kind === 'contacts' && this.v.grid.search === 'icon')
    );
  }

  private actions(key: string): string {
    const view = this.view;
    const parts: string[] = [];
    const icon = (command: string, label: string, src: string) =>
      `<button type="button" class="icon-btn" title="${label}" aria-label="${label}"${this.cmd(`${command}:${key}`)}><img src="${src}" alt="" width="14" height="14"></button>`;
    if (view.kind === 'contacts' && this.v.grid.search === 'icon')
      parts.push(icon('search', 'Search', '/Images/Grid/Search.svg'));
    if (this.v.grid.viewButtons && this.documentRows)
      parts.push(icon('view', 'View', '/Images/Grid/View.svg'));
    if (view.rowDelete) parts.push(icon('del', 'Delete', '/Images/Grid/Delete.svg'));
    return parts.join(' ');
  }

  private dataCell(column: string, row: Row, key: string, text: string): string {
    const view = this.view;
    if (column === 'Status' && view.kind === 'txn') {
      return `<select aria-label="Status" name="${esc(this.v.names.statusField + key)}"${this.cmd(`dni:${key}`)}><option value="Ready" selected>Ready to Import</option><option value="DoNotImport">Do Not Import</option></select>`;
    }
    if (column === 'Search' && view.kind === 'contacts')
      return `<a href="#"${this.cmd(`search:${key}`)}>Search</a>`;
    if (column === 'Errors' && text) {
      return `<span class="${row.warning ? 'cell-warning' : 'cell-error'}">${row.warning ? WARNING_ICON : ''}${esc(text)}</span>`;
    }
    return esc(text);
  }

  private pagerShown(): boolean {
    const p = this.view.pager;
    if (!p || this.v.pager.style === 'none') return false;
    if (!this.v.pager.hideSinglePage) return true;
    return p.total > this.chunk;
  }

  /** Rows per page (show-more: per "more"). */
  private get chunk(): number {
    return this.ui.list.size ?? this.v.pager.pageSize;
  }

  private grid(tfootPager: string): string {
    const view = this.view;
    const v = this.v;
    const g = v.grid;
    const aria = g.kind === 'aria-grid' || g.kind === 'aria-table';
    const selectable = view.checkboxSide !== 'none';
    const side = selectable ? checkboxSideFor(v, view.subTab, view.checkboxSide as 'left' | 'right') : 'none';
    const rowSelection = selectable && v.ticks.kind === 'aria-selected-row';
    const cols = this.columns(side);
    this.expected.list.columns = cols
      .filter((c) => c.kind !== 'tick')
      .map((c) => ({ header: c.header, field: c.field }));
    const cellTag = g.kind === 'aria-grid' ? 'gridcell' : 'cell';
    const th = (html: string, attrs = '') =>
      aria ? `<div role="columnheader"${attrs}>${html}</div>` : `<th scope="col"${attrs}>${html}</th>`;
    const td = (html: string, attrs = '') =>
      aria ? `<div role="${cellTag}"${attrs}>${html}</div>` : `<td${attrs}>${html}</td>`;
    const tr = (html: string, attrs = '') =>
      aria ? `<div role="row"${attrs}>${html}</div>` : `<tr${attrs}>${html}</tr>`;

    const allChecked = view.rows.length > 0 && view.rows.every((r) => this.checked.has(r.ref));
    const headerRow = tr(
      cols
        .map((c) =>
          c.kind === 'tick'
            ? th(this.selectAll('header', allChecked), ' class="check-col"')
            : th(c.headerHtml, c.headerAttrs),
        )
        .join(''),
      g.kind === 'table-no-thead' ? ' class="header-row"' : '',
    );
    const firstRow = view.pager ? (view.pager.page - 1) * view.pager.pageSize : 0;
    // With aria-selected rows a person clicks a plain cell: the reference (or name) the row is about.
    const targetIndex = cols.findIndex(
      (c) => c.kind === 'data' && (c.field === 'reference' || c.field === 'contact'),
    );
    const bodyRows = view.rows.map((row, i) => {
      const key = rowKey(v, row.ref);
      const checked = this.checked.has(row.ref);
      const tickKind = !selectable ? 'none' : v.ticks.kind;
      const tickTarget = !selectable ? null : fuzzSelector(`tick:${row.ref}`);
      const fields: ExpectedRow['fields'] = {};
      const cells = cols.map((c, ci) => {
        if (c.kind === 'tick') return td(this.tick(row, key, checked, firstRow + i), ' class="check-col"');
        if (c.kind === 'number') return td(String(firstRow + i + 1));
        if (c.kind === 'actions') return td(this.actions(key), ' class="actions-col"');
        const column = view.columns[c.index] ?? '';
        const text = row.cells[c.index] ?? '';
        if (c.field !== 'other') fields[c.field] = normalise(text);
        const target =
          rowSelection && ci === targetIndex
            ? ` class="${v.names.tickClass}"${this.mark(`tick:${row.ref}`)}`
            : '';
        return td(this.dataCell(column, row, key, text), target);
      });
      this.expected.list.rows.push({ ref: row.ref, fields, checked, selectable, tickTarget, tickKind });
      const selection = rowSelection ? ` aria-selected="${checked}"` : '';
      return tr(
        cells.join(''),
        ` ${v.names.key}="${esc(key)}"${selection}${i % 2 ? ' class="alt"' : ''}${this.mark(`row:${row.ref}`)}`,
      );
    });
    const body =
      bodyRows.length > 0
        ? bodyRows.join('')
        : aria
          ? tr(td(esc(g.emptyText), ` aria-colspan="${cols.length}" class="empty"`))
          : tr(td(esc(g.emptyText), ` colspan="${cols.length}"`), ' class="empty"');
    const multi = rowSelection ? ' aria-multiselectable="true"' : '';
    const label = ` aria-label="${esc(view.subTab)}"`;
    switch (g.kind) {
      case 'table':
        return `<table class="${g.gridClass}"${rowSelection ? ` role="grid"${multi}` : ''}><thead>${headerRow}</thead><tbody>${body}</tbody>${tfootPager ? `<tfoot><tr><td colspan="${cols.length}">${tfootPager}</td></tr></tfoot>` : ''}</table>`;
      case 'table-no-thead':
        return `<table class="${g.gridClass}"${rowSelection ? ` role="grid"${multi}` : ''}><tbody>${headerRow}${body}</tbody>${tfootPager ? `<tfoot><tr><td colspan="${cols.length}">${tfootPager}</td></tr></tfoot>` : ''}</table>`;
      case 'aria-grid':
        // Some ARIA grids group their rows, some do not.
        return mix(v.seed, 'rowgroups') % 2 === 0
          ? `<div role="grid" class="${g.gridClass}"${label}${multi}>${headerRow}${body}</div>`
          : `<div role="grid" class="${g.gridClass}"${label}${multi}><div role="rowgroup">${headerRow}</div><div role="rowgroup">${body}</div></div>`;
      case 'aria-table':
        return `<div role="table" class="${g.gridClass}"${label}><div role="rowgroup">${headerRow}</div><div role="rowgroup">${body}</div></div>`;
    }
  }

  private wrap(html: string): string {
    const g = this.v.grid;
    let out = html;
    for (let i = 0; i < g.wrappers; i++) {
      out =
        g.wrapperKind === 'layout-table'
          ? `<table class="layout" role="presentation"><tr><td class="layout-main">${out}</td></tr></table>`
          : `<div class="panel"><div class="panel-body">${out}</div></div>`;
    }
    return out;
  }

  private decoy(where: 'above' | 'below'): string {
    const g = this.v.grid;
    if (!g.decoy || g.decoyPlacement !== where) return '';
    if (g.decoy === 'summary') {
      const errors = this.view.tabs.find((t) => t.label === 'Errors')?.badge ?? 0;
      const listed = this.view.pager?.total ?? this.view.rows.length;
      return `<table class="summary"><caption>Summary</caption><tbody><tr><th scope="row">Listed</th><td>${listed}</td></tr><tr><th scope="row">In Errors tab</th><td>${errors}</td></tr><tr><th scope="row">Last upload</th><td>28/11/2026 09:14</td></tr></tbody></table>`;
    }
    return `<table class="legend"><caption>Legend</caption><tbody><tr><td>${WARNING_ICON}</td><td>Cannot be updated (lock date)</td></tr><tr><td><span class="dot dot-red"></span></td><td>Failed: see the error text</td></tr></tbody></table>`;
  }

  // ---- pager -----------------------------------------------------------------------------------------------

  private pagerLink(
    command: string,
    change: Partial<ListState>,
    html: string,
    opts: { markId?: string; attrs?: string; current?: boolean } = {},
  ): string {
    const cls = opts.current ? 'pg current' : 'pg';
    const attrs = `${opts.attrs ?? ''}${this.cmd(command)}${opts.markId ? this.mark(opts.markId) : ''}`;
    if (this.v.pager.element === 'button')
      return `<button type="${this.buttonType}"${this.submitName(command)} class="${cls}"${attrs}>${html}</button>`;
    return `<a class="${cls}" href="${esc(this.navHref(command, this.url(change), false))}"${attrs}>${html}</a>`;
  }

  private pager(): string {
    const p = this.view.pager;
    if (!p || !this.pagerShown()) return '';
    const pv = this.v.pager;
    const style = pv.style as 'numbered' | 'next-prev' | 'show-more';
    const shownRows = this.view.rows.length;
    const truth: ExpectedPager = {
      style,
      page: p.page,
      pages: p.pages,
      total: p.total,
      shown: shownRows,
      next: null,
      previous: null,
      showMore: null,
      pageSize: null,
    };
    this.expected.list.pager = truth;
    const parts: string[] = [];
    if (style === 'show-more') {
      const pages = Math.max(1, Math.ceil(p.total / this.chunk));
      const loaded = Math.min(this.ui.list.shown, pages);
      truth.page = loaded;
      truth.pages = pages;
      if (shownRows < p.total) {
        truth.showMore = fuzzSelector('pager:show-more');
        parts.push(
          this.pagerLink('more', { shown: loaded + 1 }, esc(pv.moreLabel), { markId: 'pager:show-more' }),
        );
      }
    } else {
      const arrow = (dir: 'prev' | 'next') => {
        const target = dir === 'prev' ? p.page - 1 : p.page + 1;
        const words = dir === 'prev' ? 'Previous' : 'Next';
        const symbol = dir === 'prev' ? '‹' : '›';
        const html =
          pv.arrows === 'words'
            ? words
            : pv.arrows === 'symbols'
              ? symbol
              : dir === 'prev'
                ? `${symbol} Prev`
                : `Next ${symbol}`;
        const named = pv.arrows === 'symbols' ? ` aria-label="${words} page"` : '';
        if (target < 1 || target > p.pages) {
          return pv.element === 'button'
            ? `<button type="button" class="pg" disabled${named}>${html}</button>`
            : `<span class="pg disabled" aria-disabled="true"${named}>${html}</span>`;
        }
        const markId = dir === 'prev' ? 'pager:previous' : 'pager:next';
        truth[dir === 'prev' ? 'previous' : 'next'] = fuzzSelector(markId);
        return this.pagerLink(`page:${target}`, { page: target }, html, { markId, attrs: named });
      };
      if (pv.arrows !== 'none') parts.push(arrow('prev'));
      if (style === 'numbered') {
        for (const n of pageNumbers(p.page, p.pages)) {
          if (n === null) {
            parts.push('<span class="gap">…</span>');
          } else if (n === p.page) {
            parts.push(
              pv.current === 'text'
                ? `<span class="current">${n}</span>`
                : pv.current === 'class'
                  ? this.pagerLink(`page:${n}`, { page: n }, String(n), { current: true })
                  : this.pagerLink(`page:${n}`, { page: n }, String(n), { attrs: ' aria-current="page"' }),
            );
          } else {
            const markId = `pager:page:${n}`;
            if (n === p.page + 1 && !truth.next) truth.next = fuzzSelector(markId);
            if (n === p.page - 1 && !truth.previous) truth.previous = fuzzSelector(markId);
            parts.push(
              this.pagerLink(`page:${n}`, { page: n }, String(n), {
                markId,
                attrs: ` aria-label="Page ${n}"`,
              }),
            );
          }
        }
      }
      if (pv.arrows !== 'none') parts.push(arrow('next'));
      if (pv.sizes) {
        const value = this.chunk;
        const options = [...new Set([...pv.sizes, value])].sort((a, b) => a - b);
        truth.pageSize = { selector: fuzzSelector('pager:page-size'), options, value };
        const opts = options
          .map((s) => `<option value="${s}"${s === value ? ' selected' : ''}>${s}</option>`)
          .join('');
        parts.push(
          `<label class="page-size">${esc(pv.sizeLabel)} <select name="${esc(this.v.names.sizeField)}"${this.cmd('size')}${this.mark('pager:page-size')}>${opts}</select></label>`,
        );
      }
    }
    const info = pagerInfo(pv.info, style, p, shownRows);
    if (info) parts.push(`<span class="pager-info">${esc(info)}</span>`);
    return `<div class="pager" role="navigation" aria-label="Pagination">${parts.join(' ')}</div>`;
  }

  // ---- the app region ------------------------------------------------------------------------------------

  private listRegion(): string {
    const view = this.view;
    const v = this.v;
    const emptyInstead = view.rows.length === 0 && v.grid.emptyPlacement === 'instead-of-grid';
    if (this.busyShown && this.busyReplaces) {
      this.expected.list.state = 'loading';
      return `<div class="${v.names.listRegionClass}">${this.busyHtml()}</div>`;
    }
    this.expected.list.state = this.busyShown ? 'loading' : view.rows.length === 0 ? 'empty' : 'rows';
    if (emptyInstead) {
      return `<div class="${v.names.listRegionClass}"><p class="empty-list">${esc(v.grid.emptyText)}</p>${this.busyShown ? this.busyHtml() : ''}</div>`;
    }
    const pager = this.pager();
    const placement =
      v.pager.placement === 'tfoot' && v.grid.kind.startsWith('table') ? 'tfoot' : v.pager.placement;
    const allChecked = view.rows.length > 0 && view.rows.every((r) => this.checked.has(r.ref));
    const selectable = view.checkboxSide !== 'none';
    const grid = this.grid(placement === 'tfoot' ? pager : '');
    return `<div class="${v.names.listRegionClass}">${selectable ? this.selectAll('above', allChecked) : ''}${placement === 'above' ? pager : ''}${this.wrap(grid)}${placement === 'below' || (placement === 'tfoot' && !v.grid.kind.startsWith('table')) ? pager : ''}${selectable ? this.selectAll('below', allChecked) : ''}${this.busyShown ? this.busyHtml() : ''}</div>`;
  }

  /** Markup the page script inserts itself (busy signal, error message, client-side confirm dialogs). */
  private templates(): { busy: string; message: string; dialogs: Record<string, string> } {
    const dialogs: Record<string, string> = {};
    if (this.view.confirmUploads && this.v.confirm.where === 'client') {
      for (const control of ['Upload All', 'Upload Selected', 'Upload']) {
        dialogs[`ctl:${control}`] = this.dialogHtml(control, false);
      }
    }
    return { busy: this.busyHtml(), message: this.messageHtml('error', ''), dialogs };
  }

  private stateJson(): string {
    const p = this.view.pager;
    const state = {
      tab: this.view.tab,
      subTab: this.view.subTab,
      page: p?.page ?? 1,
      pages: p?.pages ?? 1,
      total: p?.total ?? this.view.rows.length,
      size: this.ui.list.size,
      shown: this.ui.list.shown,
      url: this.url({ tab: this.view.tab, subTab: this.view.subTab, page: p?.page ?? 1 }),
      // A GET dashboard's page-size select navigates to this URL with the size parameter set.
      sizeUrl: this.url({ tab: this.view.tab, subTab: this.view.subTab, page: 1, shown: 1, size: null }),
      sizeParam: this.v.names.query.size,
    };
    return `<script type="application/json" id="${this.v.names.stateScript}">${JSON.stringify(state).replace(/</g, '\\u003c')}</script>`;
  }

  private buildPanel(): string {
    const view = this.view;
    const tabpanel =
      this.v.subTabs.kind === 'aria-tabs' ? ` role="tabpanel" aria-label="${esc(view.subTab)}"` : '';
    const notConnected = view.connected
      ? ''
      : `<div class="msg msg-error">${esc(view.providerName)} is not connected. <a href="${simPaths.connect}">Connect to ${esc(view.providerName)}</a></div>`;
    const dialog = this.ui.dialog ? this.dialogHtml(this.ui.dialog.control, true) : '';
    if (this.ui.dialog) {
      this.expected.dialog = {
        confirm: fuzzSelector('dialog:confirm'),
        confirmLabel: this.v.confirm.confirmLabel,
      };
    }
    const head = this.header();
    const tabs = this.strip('tab');
    const subTabs = this.strip('sub');
    const top = this.message('top');
    const toolbarAbove = this.toolbar('above');
    const aboveGrid = this.message('above-grid');
    const region = this.listRegion();
    const belowGrid = this.message('below-grid');
    const toolbarBelow = this.toolbar('below');
    const toast = this.message('toast');
    return `${head}${notConnected}${top}${tabs}${subTabs}<section class="list-panel"${tabpanel}>${toolbarAbove}${aboveGrid}${this.decoy('above')}${region}${this.decoy('below')}${belowGrid}${toolbarBelow}</section>${toast}${dialog}${this.stateJson()}`;
  }

  private get ariaBusyRoot(): boolean {
    return this.busyShown && (this.v.busy.kind === 'aria-busy' || this.v.busy.kind === 'overlay+aria-busy');
  }

  document(): string {
    const v = this.v;
    const n = v.names;
    const config = {
      mode: v.navigation,
      app: n.app,
      cmd: n.cmd,
      key: n.key,
      tickKind: v.ticks.kind,
      tickClass: n.tickClass,
      toastClass: n.toastClass,
      listRegion: n.listRegionClass,
      stateScript: n.stateScript,
      eventField: n.eventField,
      selField: n.selField,
      confirmField: n.confirmField,
      fn: n.globalFn,
      panelUrl: fuzzPaths.panel,
      loginUrl: simPaths.login,
      ariaBusy: v.busy.kind === 'aria-busy' || v.busy.kind === 'overlay+aria-busy',
      busyReplaces: this.busyReplaces,
      toastMs: 3000,
      templates: this.templates(),
    };
    const app = `<div id="${n.app}" class="acc-app"${this.ariaBusyRoot ? ' aria-busy="true"' : ''}>${this.panel}</div>`;
    const hidden = (name: string, value = '') =>
      `<input type="hidden" name="${esc(name)}" id="${esc(name)}" value="${esc(value)}">`;
    let body = app;
    if (this.form) {
      const state: PostState = {
        ...this.ui.list,
        tab: this.view.tab,
        subTab: this.view.subTab,
        page: this.view.pager?.page ?? 1,
        ...(this.ui.dialog && v.confirm.where === 'server' ? { pending: this.ui.dialog } : {}),
      };
      const fields = [
        hidden(n.eventField),
        hidden(n.selField),
        hidden(n.confirmField),
        v.navigation === 'post' ? hidden(n.stateField, encodePostState(state)) : '',
      ].join('');
      const action =
        v.navigation === 'post'
          ? simPaths.dashboard
          : this.url({ tab: state.tab, subTab: state.subTab, page: state.page });
      body = `<form method="post" action="${esc(action)}" id="mainForm">${fields}${app}</form>`;
    }
    // Served minified, as many production pages are (whitespace between tags only; labels keep theirs).
    return layout({
      title: this.heading,
      provider: this.view.provider,
      current: 'accounting',
      head: `<link rel="stylesheet" href="${fuzzPaths.cssPrefix}${n.scriptFile}.css">
<script type="application/json" id="${n.configScript}">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>
<script src="${fuzzPaths.scriptPrefix}${n.scriptFile}.js" data-config="${n.configScript}" defer></script>`,
      body,
    }).replace(/>\s+</g, '><');
  }
}

/** Page numbers to show: all of a few, else the first, the last and two either side of the current. */
function pageNumbers(page: number, pages: number): Array<number | null> {
  if (pages <= 9) return Array.from({ length: pages }, (_, i) => i + 1);
  const wanted = new Set(
    [1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= pages),
  );
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - (sorted[i - 1] ?? n) > 1) out.push(null);
    out.push(n);
  });
  return out;
}

function pagerInfo(
  info: RenderingVariant['pager']['info'],
  style: string,
  p: NonNullable<DashboardView['pager']>,
  shownRows: number,
): string {
  if (info === 'none') return '';
  if (p.total === 0) return 'No items';
  const first = style === 'show-more' ? 1 : (p.page - 1) * p.pageSize + 1;
  const last = first + shownRows - 1;
  switch (info) {
    case 'page-of':
      return style === 'show-more' ? `Showing ${shownRows} of ${p.total}` : `Page ${p.page} of ${p.pages}`;
    case 'range':
      return `${first}–${last} of ${p.total}`;
    case 'showing':
      return `Showing ${shownRows} of ${p.total}`;
    case 'items':
      return `Items ${first} to ${last} of ${p.total}`;
  }
}

/** The variant's stylesheet (its class names differ per seed). */
export function fuzzCss(v: RenderingVariant): string {
  const app = `#${v.names.app}`;
  const selected = [v.tabs.selectedClass, v.subTabs.selectedClass]
    .map((c) => `${app} .strip .${c}`)
    .join(',');
  return `
${app}{position:relative;min-height:240px}
${app} .acc-head{display:flex;align-items:center;gap:12px;margin-bottom:8px}
${app} .acc-head h1,${app} .acc-head h2,${app} .page-heading,${app} .page-title{font-size:20px;font-weight:600;margin:0}
${app} .acc-head-actions{margin-left:auto}${app} .caret{margin-left:2px}
${app} .strip{display:flex;gap:2px;list-style:none;margin:6px 0 0;padding:0;border-bottom:2px solid #19b3e6}
${app} .strip>li,${app} .strip>button,${app} .strip>a,${app} .strip a{display:block;padding:6px 12px;cursor:pointer;background:none;border:0;color:#37474f;text-decoration:none;font:inherit}
${app} .strip [aria-selected=true],${app} .strip [aria-current],${selected}{background:#19b3e6;color:#fff;font-weight:600}
${app} .badge{display:inline-block;background:#78909c;color:#fff;border-radius:9px;padding:0 6px;font-size:11px;margin-left:4px}
${app} .badge-error{background:#d32f2f}
${app} .toolbar{display:flex;gap:6px;margin:8px 0}
${app} .btn,${app} .toolbar [role=button],${app} .toolbar input,${app} .pg{display:inline-block;padding:5px 11px;border:1px solid #90a4ae;background:#fff;border-radius:3px;cursor:pointer;color:#263238;text-decoration:none;font:inherit}
${app} .primary{background:#19b3e6;border-color:#19b3e6;color:#fff}
${app} .pager{display:flex;gap:6px;align-items:center;margin:8px 0}${app} .pager .current,${app} .pager [aria-current]{font-weight:700;background:#eceff1}
${app} .pg.disabled,${app} .pg[disabled]{opacity:.45;cursor:default}
${app} table:not(.layout):not(.summary):not(.legend),${app} [role=grid],${app} [role=table]{display:table;width:100%;border-collapse:collapse;background:#fff}
${app} [role=row]{display:table-row}${app} [role=rowgroup]{display:table-row-group}
${app} th,${app} td,${app} [role=gridcell],${app} [role=cell],${app} [role=columnheader]{display:table-cell;padding:5px 8px;border-bottom:1px solid #eceff1;text-align:left}
${app} th,${app} [role=columnheader]{background:#eceff1;font-weight:600}
${app} .layout,${app} .layout>tbody>tr>td{border:0;padding:0;background:none}
${app} .summary,${app} .legend{margin:8px 0;background:#fafafa;border:1px solid #eceff1}${app} caption{text-align:left;font-weight:600}
${app} [aria-selected=true]>td,${app} [aria-selected=true]>[role=gridcell]{background:#e1f5fe}
${app} [aria-multiselectable] [aria-selected]{cursor:pointer}
${app} .dot{display:inline-block;width:10px;height:10px;border-radius:50%}${app} .dot-red{background:#c62828}
${app} .cell-error{color:#c62828}${app} .cell-warning{color:#e65100}
${app} .vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
${app} .cb{display:inline-flex;align-items:center;gap:4px;cursor:pointer}
${app} .cb-box,${app} .ab::before{content:"";display:inline-block;width:14px;height:14px;border:1px solid #607d8b;border-radius:2px;background:#fff}
${app} .cb input:checked+.cb-box,${app} .ab[aria-checked=true]::before{background:#19b3e6;border-color:#19b3e6}
${app} .ab{display:inline-flex;align-items:center;gap:4px;cursor:pointer}
${app} .icon-btn{background:none;border:0;cursor:pointer;padding:2px}
${app} .msg{padding:8px 12px;margin:8px 0;border-radius:3px;background:#e3f2fd}${app} .msg-error{background:#ffebee;color:#b71c1c}${app} .msg-success{background:#e8f5e9;color:#1b5e20}
${app} .close{background:none;border:0;cursor:pointer;font-size:16px;margin-left:8px}
${app} .${v.names.toastClass}{position:fixed;right:20px;bottom:20px;background:#263238;color:#fff;padding:10px 14px;border-radius:4px;z-index:30}
${app} .${v.names.listRegionClass}{position:relative}
${app}[aria-busy=true] .${v.names.listRegionClass}{opacity:.55}
${app} .busy-overlay{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;background:rgba(255,255,255,.75);font-size:16px;z-index:10}
${app} .busy-inline{position:static;min-height:120px}
${app} .spinner{position:absolute;top:40%;left:50%;width:28px;height:28px;border:3px solid #cfd8dc;border-top-color:#19b3e6;border-radius:50%;animation:fuzz-spin 1s linear infinite;z-index:10}
${app} .spinner-inline{position:static;margin:40px auto}
@keyframes fuzz-spin{to{transform:rotate(360deg)}}
.modal{position:fixed;top:30%;left:50%;transform:translateX(-50%);margin:0;background:#fff;border:1px solid #90a4ae;box-shadow:0 4px 20px rgba(0,0,0,.3);padding:14px;z-index:40;min-width:360px}
.modal h2,.popup-title{font-size:15px;margin:0 0 8px;font-weight:600}.modal-buttons{display:flex;gap:8px;justify-content:flex-end;margin-top:12px}
.modal-backdrop{position:fixed;inset:0;background:rgba(0,0,0,.3);z-index:35}
`;
}

export function renderDashboard(view: DashboardView, variant: RenderingVariant, ui: RenderUi): string {
  return new PageBuilder(view, variant, ui).document();
}

/** The app region alone: what the in-page script swaps in after a command. */
export function renderPanel(view: DashboardView, variant: RenderingVariant, ui: RenderUi): string {
  return new PageBuilder(view, variant, ui).panel;
}

export function renderWithTruth(
  view: DashboardView,
  variant: RenderingVariant,
  ui: RenderUi,
): { html: string; expected: ExpectedReading } {
  const page = new PageBuilder(view, variant, ui);
  return { html: page.document(), expected: page.expected };
}
