// The fuzz rendering served: Dashboard.aspx in the variant's navigation kind (in-page swaps, WebForms-like
// posts, or GET links with post-redirect-get uploads) and the in-page panel endpoint. Every press goes through
// the simulation's own press() and action log, so uploads, `allowed`, faults and latency behave as elsewhere.
import { readFileSync } from 'node:fs';
import { serverErrorPage } from '../markup.ts';
import type { DashboardView, LedgerOptions, OmniCompany } from '../omni.ts';
import type { ActionRequest, SimSettings } from '../types.ts';
import {
  decodePostState,
  type ListState,
  listUrl,
  type PostState,
  pageArgs,
  renderDashboard,
  renderPanel,
} from './render.ts';
import { type RenderingVariant, rowKey, slug } from './variant.ts';

export const fuzzPageScript = readFileSync(new URL('./page.js', import.meta.url), 'utf8');

type Message = DashboardView['message'];

/** What the simulation offers the fuzz rendering (server.ts's Simulation satisfies it). */
export interface FuzzHost {
  readonly settings: SimSettings;
  readonly company: OmniCompany;
  readonly ledger: LedgerOptions;
  view(tab: string, subTab: string, page: number, pageSize: number | null): DashboardView;
  press(req: ActionRequest, logged?: boolean): Promise<{ status: 200 | 500; message?: Message }>;
  logAction(control: string, tab: string, subTab: string, allowed?: boolean): void;
}

export type FuzzResponse =
  | { status: 200 | 500; body: string; location?: undefined }
  | { status: 303; body: ''; location: string };

interface Outcome {
  status: 200 | 500;
  state: ListState;
  message?: Message;
  checked?: ReadonlySet<string>;
  dialog?: { control: string; selected: string[] };
}

function positive<T>(value: string | null | undefined, fallback: T): number | T {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : fallback;
}

/** One session's fuzz dashboard: the list last shown (to tell navigations apart) and the PRG flash message. */
export class FuzzDashboard {
  private last: ListState | undefined;
  private flash: Message;

  constructor(readonly variant: RenderingVariant) {}

  /** Dashboard.aspx, GET or POST. */
  async page(host: FuzzHost, method: string, url: URL, body: string): Promise<FuzzResponse> {
    const v = this.variant;
    if (method !== 'POST' || v.navigation === 'inpage') {
      const shown = this.render(host, this.fromQuery(host, url.searchParams), this.flash);
      this.flash = undefined;
      this.navigated(host, shown.list);
      return { status: 200, body: renderDashboard(shown.view, v, { list: shown.list }) };
    }
    const form = new URLSearchParams(body);
    const n = v.names;
    const state: PostState =
      (v.navigation === 'post' ? decodePostState(form.get(n.stateField)) : undefined) ??
      this.fromQuery(host, url.searchParams);
    const keys = [
      ...form.getAll(n.checkField),
      // Browsers post a field's line breaks as CRLF.
      ...(form.get(n.selField) ?? '').split(/\r?\n/).filter(Boolean),
    ];
    const outcome = await this.apply(host, state, form.get(n.eventField) ?? '', keys, {
      confirm: form.get(n.confirmField) || undefined,
      size: positive(form.get(n.sizeField), null),
    });
    if (outcome.status === 500) return { status: 500, body: serverErrorPage() };
    if (v.navigation === 'get') {
      // Post-redirect-get: the result shows once, on the page the redirect lands on.
      this.flash = outcome.message;
      const shown = this.render(host, outcome.state);
      this.last = shown.list;
      return { status: 303, body: '', location: listUrl(v, shown.list) };
    }
    // WebForms: the postback answers with the whole page, ticks and any server-side dialog included.
    const shown = this.render(host, outcome.state, outcome.message);
    this.last = shown.list;
    const ui = { list: shown.list, checked: outcome.checked, dialog: outcome.dialog };
    return { status: 200, body: renderDashboard(shown.view, v, ui) };
  }

  /** The in-page panel endpoint: a command in JSON, the app region's HTML back. */
  async panel(host: FuzzHost, body: string): Promise<FuzzResponse> {
    let input: {
      cmd?: unknown;
      state?: Partial<ListState>;
      selected?: unknown;
      confirm?: unknown;
      size?: unknown;
    };
    try {
      input = JSON.parse(body) as typeof input;
    } catch {
      return { status: 500, body: serverErrorPage() };
    }
    const s = input.state ?? {};
    const state: ListState = {
      tab: String(s.tab ?? ''),
      subTab: String(s.subTab ?? ''),
      page: positive(String(s.page ?? ''), 1),
      size: positive(String(s.size ?? ''), null),
      shown: positive(String(s.shown ?? ''), 1),
    };
    const outcome = await this.apply(
      host,
      state,
      String(input.cmd ?? ''),
      Array.isArray(input.selected) ? input.selected.map(String) : [],
      {
        confirm: typeof input.confirm === 'string' ? input.confirm : undefined,
        size: positive(String(input.size ?? ''), null),
      },
    );
    if (outcome.status === 500) return { status: 500, body: serverErrorPage() };
    const shown = this.render(host, outcome.state, outcome.message);
    this.last = shown.list;
    return {
      status: 200,
      body: renderPanel(shown.view, this.variant, {
        list: shown.list,
        checked: outcome.checked,
        dialog: outcome.dialog,
      }),
    };
  }

  private fromQuery(host: FuzzHost, params: URLSearchParams): ListState {
    const q = this.variant.names.query;
    const label = (value: string | null, labels: string[]) =>
      labels.find((l) => l === value || slug(l) === value) ?? '';
    const tab = label(
      params.get(q.tab),
      host.company.tabs.map((t) => t.label),
    );
    const subTabs = (host.company.tabs.find((t) => t.label === tab) ?? host.company.tabs[0])?.subTabs ?? [];
    return {
      tab,
      subTab: label(
        params.get(q.subTab),
        subTabs.map((s) => s.label),
      ),
      page: positive(params.get(q.page), 1),
      size: positive(params.get(q.size), null),
      shown: positive(params.get(q.shown), 1),
    };
  }

  /** Rows per page, or per "show more". */
  private chunk(host: FuzzHost, state: ListState): number {
    return state.size ?? host.settings.pageSize ?? this.variant.pager.pageSize;
  }

  private pageArgs(host: FuzzHost, state: ListState): { page: number; pageSize: number | null } {
    return pageArgs(this.variant, host.settings.pageSize, state);
  }

  /** The view for a state, and the state as shown (labels resolved, page and "more" clamped). */
  private render(
    host: FuzzHost,
    state: ListState,
    message?: Message,
  ): { view: DashboardView; list: ListState } {
    const args = this.pageArgs(host, state);
    let view = host.view(state.tab, state.subTab, args.page, args.pageSize);
    let shown = state.shown;
    if (this.variant.pager.style === 'show-more' && view.pager) {
      const most = Math.max(1, Math.ceil(view.pager.total / this.chunk(host, state)));
      if (shown > most) {
        shown = most;
        view = host.view(state.tab, state.subTab, 1, this.chunk(host, state) * shown);
      }
    }
    view.message = message;
    return {
      view,
      list: { tab: view.tab, subTab: view.subTab, page: view.pager?.page ?? 1, size: state.size, shown },
    };
  }

  /** Logs a navigation as the control that caused it (or, for a GET, what changed) and forgets COGS's refresh. */
  private navigated(host: FuzzHost, next: ListState, cause?: string): void {
    const last = this.last;
    const control =
      !last || last.tab !== next.tab || last.subTab !== next.subTab
        ? 'Tab'
        : last.page !== next.page
          ? 'Page'
          : last.size !== next.size
            ? 'Page Size'
            : last.shown !== next.shown
              ? 'Show More'
              : null;
    this.last = next;
    if (!control) return;
    host.company.cogsRefreshedInView = false;
    host.logAction(cause ?? control, next.tab, next.subTab);
  }

  /** Row keys on the page back to references (keys of rows no longer listed are dropped). */
  private refs(host: FuzzHost, state: ListState, keys: string[]): string[] {
    const wanted = new Set(keys);
    return host.company
      .rows(state.tab, state.subTab, host.ledger)
      .map((r) => r.ref)
      .filter((ref) => wanted.has(rowKey(this.variant, ref)));
  }

  private async apply(
    host: FuzzHost,
    state: PostState,
    command: string,
    keys: string[],
    opts: { confirm?: string; size: number | null },
  ): Promise<Outcome> {
    const at = this.render(host, state).list;
    const [verb = '', ...rest] = command.split(':');
    const arg = rest.join(':');
    const selected = this.refs(host, at, keys);
    const go = (next: Partial<ListState>, cause: string): Outcome => {
      const shown = this.render(host, { ...at, ...next });
      this.navigated(host, shown.list, cause);
      return {
        status: 200,
        state: shown.list,
        checked: cause === 'Show More' ? new Set(selected) : undefined,
      };
    };
    const press = async (control: string, refs: string[], logged = false): Promise<Outcome> => {
      const result = await host.press(
        { control, tab: at.tab, subTab: at.subTab, selected: refs, ...this.pageArgs(host, at) },
        logged,
      );
      return { status: result.status, state: at, message: result.message };
    };
    const confirm = this.variant.confirm;
    switch (verb) {
      case 'tab':
        return go({ tab: arg, subTab: '', page: 1, shown: 1 }, 'Tab');
      case 'sub':
        return go({ subTab: arg, page: 1, shown: 1 }, 'Tab');
      case 'page':
        return go({ page: positive(arg, 1) }, 'Page');
      case 'more':
        return go({ shown: at.shown + 1 }, 'Show More');
      case 'size':
        return go({ size: opts.size, page: 1, shown: 1 }, 'Page Size');
      case 'ctl': {
        if (!arg.startsWith('Upload') || !host.settings.confirmUploads) return press(arg, selected);
        host.logAction(arg, at.tab, at.subTab);
        if (confirm.where === 'server' && this.variant.navigation === 'post') {
          return { status: 200, state: at, dialog: { control: arg, selected }, checked: new Set(selected) };
        }
        // The page's own dialog was confirmed before the request was sent.
        if (opts.confirm) host.logAction(opts.confirm, at.tab, at.subTab);
        return press(arg, selected, true);
      }
      case 'confirm': {
        host.logAction(confirm.confirmLabel, at.tab, at.subTab);
        const pending = state.pending;
        return pending ? press(pending.control, pending.selected, true) : { status: 200, state: at };
      }
      case 'cancel':
        host.logAction(confirm.cancelLabel, at.tab, at.subTab);
        return { status: 200, state: at, checked: new Set(state.pending?.selected ?? []) };
      case 'sync':
        return press('Sync All', []);
      case 'disconnect':
        host.logAction('Disconnect', at.tab, at.subTab, false);
        host.company.connected = false;
        return {
          status: 200,
          state: at,
          message: { kind: 'info', text: `Disconnected from ${host.company.ledger}.` },
        };
      case 'del':
        return press('Delete', this.refs(host, at, [arg]));
      case 'dni':
        return press('Do Not Import', this.refs(host, at, [arg]));
      case 'search':
        return press('Search', this.refs(host, at, [arg]));
      case 'view':
        return press('View', this.refs(host, at, [arg]));
      default:
        return { status: 200, state: at };
    }
  }
}
