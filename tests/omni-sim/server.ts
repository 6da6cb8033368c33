// The Omni simulator: Cin7 Omni's Accounting Dashboard V2 (Xero / QuickBooks Online) served over HTTP(S),
// in-page or postback style, with knobs for latency and faults and a log of every control pressed.
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { fuzzCss, fuzzIcons, fuzzPaths } from './fuzz/render.ts';
import { FuzzDashboard, fuzzPageScript } from './fuzz/serve.ts';
import { variantFor } from './fuzz/variant.ts';
import {
  apiPaths,
  connectPage,
  decodeViewState,
  homePage,
  inpageDashboard,
  loginPage,
  notFoundPage,
  type PostbackState,
  postbackDashboard,
  rowIndexFromCtl,
  salesOrdersPage,
  serverErrorPage,
  simPaths,
  siteCss,
  v1DashboardPage,
} from './markup.ts';
import {
  type DashboardView,
  type LedgerOptions,
  OmniCompany,
  providerName,
  UPLOAD_CONTROLS,
} from './omni.ts';
import type {
  ActionLogEntry,
  ActionRequest,
  SimError,
  SimSettings,
  UploadLogEntry,
  UploadResult,
} from './types.ts';

export type {
  ActionLogEntry,
  Navigation,
  Provider,
  SimError,
  SimFaults,
  SimSettings,
  UploadLogEntry,
  UploadResult,
} from './types.ts';
export { apiPaths, simPaths };

export interface OmniSim {
  origin: string;
  port: number;
  reset(settings?: Partial<SimSettings>): void;
  configure(settings: Partial<SimSettings>): void;
  uploads(): UploadLogEntry[];
  /** Called with every upload as Omni processes it (before its answer goes back): a ledger can follow. */
  onUpload(listener: (upload: UploadLogEntry) => void): void;
  actions(): ActionLogEntry[];
  pending(): Record<string, Record<string, string[]>>;
  errors(): SimError[];
  settings(): SimSettings;
  close(): Promise<void>;
}

export const defaultSettings: SimSettings = {
  provider: 'xero',
  navigation: 'inpage',
  latencyMs: 0,
  uploadLatencyMs: 0,
  checkboxSide: 'auto',
  confirmUploads: false,
  pageSize: null,
  faults: {},
  lockDate: '2026-09-30',
};

/** What automation may press (SPEC §3 "allowed clicks"); everything else is logged with allowed=false. */
const ALLOWED_CONTROLS = new Set([
  'Tab',
  'Page',
  'Page Size',
  'Upload All',
  'Upload Selected',
  'Upload',
  'Refresh Data',
  'Update All',
  'OK',
  'Cancel',
  // The fuzz renderings' pagers and confirm dialogs.
  'Show More',
  'Confirm',
  'Yes',
  'Yes, upload',
  'No',
]);

const PREFIX = 'ctl00$ContentPlaceHolder1$';
const pageScript = readFileSync(new URL('./public/accounting-v2.js', import.meta.url), 'utf8');
const icons: Record<string, string> = {
  [apiPaths.deleteIcon]:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16"><path fill="#c62828" d="M5 2h6v1h3v2H2V3h3zM3 6h10l-1 9H4z"/></svg>',
  '/Images/Grid/Warning.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16"><path fill="#ef6c00" d="M8 1l7 14H1z"/><path fill="#fff" d="M7 6h2v5H7zM7 12h2v2H7z"/></svg>',
  '/Images/cog.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="20" height="20"><circle cx="8" cy="8" r="5" fill="none" stroke="#455a64" stroke-width="3" stroke-dasharray="2 1.4"/><circle cx="8" cy="8" r="2" fill="#455a64"/></svg>',
};

const sleep = (ms: number) =>
  ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

interface ActionResponse {
  status: 200 | 500;
  message?: DashboardView['message'];
}

function mergeSettings(base: SimSettings, patch: Partial<SimSettings>): SimSettings {
  return { ...base, ...patch, faults: { ...base.faults, ...(patch.faults ?? {}) } };
}

/** One Omni user session against one company: the state every request reads and changes. */
class Simulation {
  settings: SimSettings = defaultSettings;
  company = new OmniCompany('xero');
  private uploadLog: UploadLogEntry[] = [];
  private actionLog: ActionLogEntry[] = [];
  private seq = 0;
  private expired = false;
  private loginCountdown: number | undefined;
  private fails500 = 0;
  /** The fuzz rendering of `settings.rendering.seed`, when set. */
  fuzz: FuzzDashboard | undefined;
  /** confirmUploads as asked for; a fuzz variant may turn confirm dialogs on over it. */
  private confirmAsked = false;
  /** ASP.NET serialises the requests of one session; so do we (a page load mid-upload waits for its result). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(settings: Partial<SimSettings> = {}) {
    this.reset(settings);
  }

  reset(settings: Partial<SimSettings> = {}): void {
    this.settings = mergeSettings(defaultSettings, settings);
    this.company = new OmniCompany(this.settings.provider, this.settings);
    this.uploadLog = [];
    this.actionLog = [];
    this.seq = 0;
    this.expired = false;
    this.applyFaults(this.settings.faults);
    this.fuzz = undefined;
    this.confirmAsked = this.settings.confirmUploads;
    this.applyRendering();
  }

  /** A fuzz variant decides the pager (and may add confirm dialogs); its navigation replaces `navigation`. */
  private applyRendering(): void {
    const seed = this.settings.rendering?.seed;
    if (seed === undefined) {
      this.fuzz = undefined;
      this.settings = { ...this.settings, confirmUploads: this.confirmAsked };
      return;
    }
    if (this.fuzz?.variant.seed !== seed) this.fuzz = new FuzzDashboard(variantFor(seed));
    const variant = this.fuzz.variant;
    this.settings = {
      ...this.settings,
      pageSize: variant.pager.style === 'none' ? null : variant.pager.pageSize,
      confirmUploads: this.confirmAsked || variant.confirm.enabled,
    };
  }

  configure(patch: Partial<SimSettings>): void {
    const reseed =
      (patch.provider !== undefined && patch.provider !== this.settings.provider) ||
      (patch.bulk !== undefined && JSON.stringify(patch.bulk) !== JSON.stringify(this.settings.bulk)) ||
      (patch.extraSubTab !== undefined &&
        JSON.stringify(patch.extraSubTab) !== JSON.stringify(this.settings.extraSubTab));
    this.settings = mergeSettings(this.settings, patch);
    if (reseed) this.company = new OmniCompany(this.settings.provider, this.settings);
    if (patch.faults) this.applyFaults(patch.faults);
    if (patch.confirmUploads !== undefined) this.confirmAsked = patch.confirmUploads;
    if (this.settings.rendering || this.fuzz) this.applyRendering();
  }

  private applyFaults(faults: SimSettings['faults']): void {
    if (faults.nextUploadFails500 !== undefined) this.fails500 = faults.nextUploadFails500;
    if (faults.loginAfterRequests !== undefined) this.loginCountdown = faults.loginAfterRequests;
  }

  get ledger(): LedgerOptions {
    return {
      lockDate: this.settings.lockDate,
      accessTokenMissing: this.settings.faults.accessTokenMissing === true,
    };
  }

  uploads(): UploadLogEntry[] {
    return this.uploadLog.map((e) => ({
      ...e,
      refs: [...e.refs],
      results: e.results.map((r) => ({ ...r })),
    }));
  }

  actions(): ActionLogEntry[] {
    return this.actionLog.map((e) => ({ ...e }));
  }

  serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Counts a session request; true when the session has expired and the login page must answer. */
  sessionExpired(): boolean {
    if (this.loginCountdown !== undefined) {
      if (this.loginCountdown <= 0) {
        this.expired = true;
        this.loginCountdown = undefined;
      } else {
        this.loginCountdown--;
      }
    }
    return this.expired;
  }

  logIn(): void {
    this.expired = false;
    this.loginCountdown = undefined;
    this.settings = { ...this.settings, faults: { ...this.settings.faults, loginAfterRequests: undefined } };
  }

  logAction(control: string, tab: string, subTab: string, allowed?: boolean): void {
    const ok =
      allowed ?? (ALLOWED_CONTROLS.has(control) && (control !== 'Refresh Data' || subTab === 'COGS'));
    this.actionLog.push({ seq: ++this.seq, at: Date.now(), control, tab, subTab, allowed: ok });
  }

  readonly uploadListeners: Array<(upload: UploadLogEntry) => void> = [];

  private logUpload(
    tab: string,
    subTab: string,
    control: string,
    refs: string[],
    results: UploadResult[],
    serverError?: boolean,
  ) {
    this.uploadLog.push({
      seq: ++this.seq,
      at: Date.now(),
      provider: this.settings.provider,
      tab,
      subTab,
      control,
      refs: [...refs],
      results,
      ...(serverError ? { serverError } : {}),
    });
    const logged = this.uploadLog.at(-1);
    if (logged) for (const listener of this.uploadListeners) listener({ ...logged });
  }

  view(tab: string, subTab: string, page: number, pageSize: number | null): DashboardView {
    const view = this.company.view(tab, subTab, {
      page,
      pageSize,
      defaultPageSize: this.settings.pageSize,
      ledger: this.ledger,
    });
    view.confirmUploads = this.settings.confirmUploads;
    return view;
  }

  /** One control press, whichever rendering it came from. Runs to the end even if the browser has gone. */
  async press(req: ActionRequest, logged = false): Promise<ActionResponse> {
    const { control, tab, subTab } = req;
    if (!logged) this.logAction(control, tab, subTab);
    const writes = UPLOAD_CONTROLS.includes(control) || control === 'Sync All';
    if (writes || control === 'Refresh Data') await sleep(this.settings.uploadLatencyMs);
    if (UPLOAD_CONTROLS.includes(control) && this.fails500 > 0) {
      this.fails500--;
      this.settings = {
        ...this.settings,
        faults: { ...this.settings.faults, nextUploadFails500: this.fails500 },
      };
      // Log what the press asked for, so a retry after the 500 is recognisable as the same submission.
      const asked =
        control === 'Upload All' || control === 'Update All'
          ? this.company.visibleRefs(tab, subTab, req.page, req.pageSize, this.settings.pageSize, this.ledger)
          : req.selected;
      this.logUpload(tab, subTab, control, asked, [], true);
      return { status: 500 };
    }
    if (control === 'Sync All') {
      for (const done of this.company.syncAll(this.ledger)) {
        this.logUpload(done.tab, done.subTab, 'Sync All', done.refs, done.results);
      }
      return {
        status: 200,
        message: { kind: 'success', text: `Sync All finished. Check the Errors tab for any failures.` },
      };
    }
    if (control === 'Search') {
      return {
        status: 200,
        message: {
          kind: 'info',
          text: `Search ${this.company.ledger} contacts to link to ${req.selected[0] ?? ''}.`,
        },
      };
    }
    if (control === 'Autosync Settings') {
      return { status: 200, message: { kind: 'info', text: 'Autosync runs every hour.' } };
    }
    const outcome = this.company.act(
      control,
      { tab, subTab, selected: req.selected, page: req.page, pageSize: req.pageSize },
      this.ledger,
      this.settings.pageSize,
    );
    if (outcome.upload) this.logUpload(tab, subTab, control, outcome.upload.refs, outcome.upload.results);
    return { status: 200, message: outcome.message };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
) {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

const html = (res: ServerResponse, body: string, status = 200) =>
  send(res, status, 'text/html; charset=utf-8', body);
const json = (res: ServerResponse, body: unknown, status = 200) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
const redirect = (res: ServerResponse, location: string) =>
  send(res, 302, 'text/plain', '', { Location: location });

function numberOr<T>(value: string | null | undefined, fallback: T): number | T {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}

class SimServer {
  constructor(private readonly sim: Simulation) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://go.cin7.com');
    const path = url.pathname;
    const body = req.method === 'POST' ? await readBody(req) : '';
    if (path.startsWith('/__sim/')) return this.control(req.method ?? 'GET', path, body, res);
    if (path === apiPaths.script) return send(res, 200, 'text/javascript; charset=utf-8', pageScript);
    if (path === apiPaths.css) return send(res, 200, 'text/css; charset=utf-8', siteCss);
    if (path.startsWith(fuzzPaths.scriptPrefix) && path.endsWith('.js'))
      return send(res, 200, 'text/javascript; charset=utf-8', fuzzPageScript);
    if (path.startsWith(fuzzPaths.cssPrefix) && this.sim.fuzz)
      return send(res, 200, 'text/css; charset=utf-8', fuzzCss(this.sim.fuzz.variant));
    const icon = icons[path] ?? fuzzIcons[path];
    if (icon) return send(res, 200, 'image/svg+xml', icon);
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (path === '/') return redirect(res, simPaths.home);
    await this.sim.serialized(() => this.session(req.method ?? 'GET', url, body, res));
  }

  private async session(method: string, url: URL, body: string, res: ServerResponse): Promise<void> {
    const sim = this.sim;
    const path = url.pathname;
    if (path === simPaths.login) return this.login(method, url, body, res);
    if (sim.sessionExpired()) {
      if (path.startsWith('/Cloud/AccountingV2/api/')) return json(res, { login: simPaths.login }, 401);
      const back = path === apiPaths.view ? simPaths.dashboard : path + url.search;
      return redirect(res, `${simPaths.login}?ReturnUrl=${encodeURIComponent(back)}`);
    }
    if (sim.fuzz && (path === simPaths.dashboard || path === fuzzPaths.panel)) {
      await sleep(sim.settings.latencyMs);
      const out =
        path === fuzzPaths.panel
          ? await sim.fuzz.panel(sim, body)
          : await sim.fuzz.page(sim, method, url, body);
      if (out.location !== undefined)
        return send(res, out.status, 'text/plain', '', { Location: out.location });
      return html(res, out.body, out.status);
    }
    const provider = sim.settings.provider;
    const form = new URLSearchParams(method === 'POST' ? body : '');
    switch (path) {
      case apiPaths.view: {
        await sleep(sim.settings.latencyMs);
        const view = sim.view(
          url.searchParams.get('tab') ?? '',
          url.searchParams.get('subTab') ?? '',
          numberOr(url.searchParams.get('page'), 1),
          numberOr(url.searchParams.get('pageSize'), null),
        );
        sim.company.cogsRefreshedInView = false;
        sim.logAction(
          url.searchParams.has('page') && url.searchParams.get('page') !== '1' ? 'Page' : 'Tab',
          view.tab,
          view.subTab,
        );
        return json(res, view);
      }
      case apiPaths.action:
        await sleep(sim.settings.latencyMs);
        return this.inpageAction(body, res);
      case simPaths.dashboard:
        await sleep(sim.settings.latencyMs);
        if (sim.settings.navigation === 'inpage') {
          sim.company.cogsRefreshedInView = false;
          return html(res, inpageDashboard(provider, providerName(provider)));
        }
        return this.postback(method === 'POST' ? form : undefined, res);
      case simPaths.connect: {
        await sleep(sim.settings.latencyMs);
        if (form.has(`${PREFIX}btnDisconnect`)) {
          sim.logAction('Disconnect', 'Settings', 'Connect', false);
          sim.company.connected = false;
        } else if (form.has(`${PREFIX}btnConnect`)) {
          sim.logAction('Connect', 'Settings', 'Connect', false);
          sim.company.connected = true;
        }
        return html(
          res,
          connectPage(provider, providerName(provider), sim.company.organisation, sim.company.connected),
        );
      }
      case simPaths.v1Dashboard: {
        await sleep(sim.settings.latencyMs);
        let message: string | undefined;
        if (form.has(`${PREFIX}btnSendToXero`)) {
          sim.logAction('Send to Xero', 'Xero', 'V1', false);
          message = 'Please select at least one order to send.';
        }
        return html(res, v1DashboardPage(provider, message));
      }
      case simPaths.otherPage: {
        await sleep(sim.settings.latencyMs);
        const pressed = [...form.keys()].find((k) => k.startsWith(`${PREFIX}btn`));
        if (pressed) sim.logAction(form.get(pressed) ?? pressed, 'Sales Orders', '', false);
        return html(res, salesOrdersPage(provider, pressed ? 'Done.' : undefined));
      }
      case simPaths.home:
        await sleep(sim.settings.latencyMs);
        return html(res, homePage(provider));
      default:
        return html(res, notFoundPage(provider), 404);
    }
  }

  private login(method: string, url: URL, body: string, res: ServerResponse) {
    const back = url.searchParams.get('ReturnUrl') ?? simPaths.home;
    const safeBack = back.startsWith('/') && !back.startsWith('//') ? back : simPaths.home;
    if (method === 'POST') {
      const form = new URLSearchParams(body);
      if (!form.get('email') || !form.get('password')) {
        return html(res, loginPage(safeBack, 'Please enter your email and password.'));
      }
      this.sim.logIn();
      return redirect(res, safeBack);
    }
    return html(res, loginPage(safeBack));
  }

  private async inpageAction(body: string, res: ServerResponse) {
    const sim = this.sim;
    let input: Partial<ActionRequest>;
    try {
      input = JSON.parse(body) as Partial<ActionRequest>;
    } catch {
      return json(res, { error: 'Bad request' }, 400);
    }
    const request: ActionRequest = {
      control: String(input.control ?? ''),
      tab: String(input.tab ?? ''),
      subTab: String(input.subTab ?? ''),
      selected: Array.isArray(input.selected) ? input.selected.map(String) : [],
      page: typeof input.page === 'number' ? input.page : 1,
      pageSize: typeof input.pageSize === 'number' ? input.pageSize : null,
    };
    const result = await sim.press(request);
    if (result.status === 500) return html(res, serverErrorPage(), 500);
    const view = sim.view(request.tab, request.subTab, request.page, request.pageSize);
    view.message = result.message;
    return json(res, { view });
  }

  /** ASP.NET WebForms: read __EVENTTARGET / the submit button pressed, apply it, render the whole page again. */
  private async postback(form: URLSearchParams | undefined, res: ServerResponse) {
    const sim = this.sim;
    const previous = decodeViewState(form?.get('__VIEWSTATE') ?? undefined);
    const state: PostbackState = previous
      ? { ...previous, pendingControl: undefined, pendingSelected: undefined }
      : { tab: '', subTab: '', page: 1, pageSize: null, rows: [] };
    const current = sim.view(state.tab, state.subTab, state.page, state.pageSize);
    state.tab = current.tab;
    state.subTab = current.subTab;
    const selected: string[] = [];
    for (const key of form?.keys() ?? []) {
      const m = /\$(ctl\d+)\$chkSelect$/.exec(key);
      const ref = m?.[1] ? state.rows[rowIndexFromCtl(m[1])] : undefined;
      if (ref !== undefined) selected.push(ref);
    }
    const target = form?.get('__EVENTTARGET') ?? '';
    const arg = form?.get('__EVENTARGUMENT') ?? '';
    const rowRef = (name: string) => {
      const m = /\$(ctl\d+)\$[A-Za-z]+(\.x)?$/.exec(name);
      return m?.[1] ? (state.rows[rowIndexFromCtl(m[1])] ?? '') : '';
    };
    let message: DashboardView['message'];
    let checked = new Set<string>();
    const press = async (control: string, refs: string[], logged = false) => {
      const result = await sim.press(
        {
          control,
          tab: state.tab,
          subTab: state.subTab,
          selected: refs,
          page: state.page,
          pageSize: state.pageSize,
        },
        logged,
      );
      message = result.message;
      return result.status;
    };
    const buttons: Record<string, string> = {
      btnUploadAll: 'Upload All',
      btnUploadSelected: 'Upload Selected',
      btnUpload: 'Upload',
      btnRefreshData: 'Refresh Data',
      btnUpdateAll: 'Update All',
      btnRefresh: 'Refresh',
    };
    const button = Object.keys(buttons).find((id) => form?.has(`${PREFIX}${id}`));
    const deleteKey = [...(form?.keys() ?? [])].find(
      (k) => k.endsWith('$btnDelete.x') || k.endsWith('$btnDelete'),
    );

    if (!form) {
      sim.company.cogsRefreshedInView = false;
    } else if (target === `${PREFIX}rtsMain` || target === `${PREFIX}rtsSub`) {
      if (target.endsWith('rtsMain')) {
        state.tab = sim.company.tabs[Number(arg)]?.label ?? state.tab;
        state.subTab = '';
      } else {
        state.subTab =
          sim.company.tabs.find((t) => t.label === state.tab)?.subTabs[Number(arg)]?.label ?? state.subTab;
      }
      state.page = 1;
      sim.company.cogsRefreshedInView = false;
      const next = sim.view(state.tab, state.subTab, 1, state.pageSize);
      sim.logAction('Tab', next.tab, next.subTab);
    } else if (target === `${PREFIX}rgList`) {
      const pages = current.pager?.pages ?? 1;
      if (arg === 'PageSize') {
        state.pageSize = numberOr(form.get(`${PREFIX}ddlPageSize`), state.pageSize);
        state.page = 1;
        sim.logAction('Page Size', state.tab, state.subTab);
      } else {
        const which = arg.replace('Page$', '');
        const page = current.pager?.page ?? 1;
        state.page =
          which === 'First'
            ? 1
            : which === 'Last'
              ? pages
              : which === 'Prev'
                ? page - 1
                : which === 'Next'
                  ? page + 1
                  : Number(which) || 1;
        sim.logAction('Page', state.tab, state.subTab);
      }
      sim.company.cogsRefreshedInView = false;
    } else if (target.endsWith('$ddlStatus')) {
      if (form.get(target) === 'DoNotImport') await press('Do Not Import', [rowRef(target)]);
    } else if (target.endsWith('$lnkSearch')) {
      await press('Search', [rowRef(target)]);
    } else if (target === `${PREFIX}btnSyncAll`) {
      if ((await press('Sync All', [])) === 500) return html(res, serverErrorPage(), 500);
    } else if (form.has(`${PREFIX}btnConfirmOk`) && previous?.pendingControl) {
      sim.logAction('OK', state.tab, state.subTab);
      if ((await press(previous.pendingControl, previous.pendingSelected ?? [], true)) === 500) {
        return html(res, serverErrorPage(), 500);
      }
    } else if (form.has(`${PREFIX}btnConfirmCancel`)) {
      sim.logAction('Cancel', state.tab, state.subTab);
      checked = new Set(previous?.pendingSelected ?? []);
    } else if (deleteKey) {
      await press('Delete', [rowRef(deleteKey)]);
    } else if (button) {
      const control = buttons[button] ?? button;
      if (sim.settings.confirmUploads && control.startsWith('Upload')) {
        sim.logAction(control, state.tab, state.subTab);
        state.pendingControl = control;
        state.pendingSelected = selected;
        checked = new Set(selected);
      } else if ((await press(control, selected)) === 500) {
        return html(res, serverErrorPage(), 500);
      }
    }

    const view = sim.view(state.tab, state.subTab, state.page, state.pageSize);
    view.message = message;
    state.tab = view.tab;
    state.subTab = view.subTab;
    state.page = view.pager?.page ?? 1;
    state.rows = view.rows.map((r) => r.ref);
    return html(res, postbackDashboard(view, state, checked));
  }

  private control(method: string, path: string, body: string, res: ServerResponse) {
    const sim = this.sim;
    const parse = (): Partial<SimSettings> => (body ? (JSON.parse(body) as Partial<SimSettings>) : {});
    try {
      if (method === 'POST' && path === '/__sim/reset') {
        sim.reset(parse());
        return json(res, { ok: true, settings: sim.settings });
      }
      if (method === 'POST' && path === '/__sim/config') {
        sim.configure(parse());
        return json(res, { ok: true, settings: sim.settings });
      }
      if (method === 'GET') {
        if (path === '/__sim/uploads') return json(res, sim.uploads());
        if (path === '/__sim/actions') return json(res, sim.actions());
        if (path === '/__sim/pending') return json(res, sim.company.pending(sim.ledger));
        if (path === '/__sim/errors') return json(res, sim.company.errors(sim.ledger));
        if (path === '/__sim/settings') return json(res, sim.settings);
      }
      return json(res, { error: 'Not found' }, 404);
    } catch (error) {
      return json(res, { error: String(error) }, 400);
    }
  }
}

let certificate: Promise<{ key: string; cert: string }> | undefined;

/** A throw-away certificate for go.cin7.com, made once per process and never written to disk. */
function goCin7Certificate(): Promise<{ key: string; cert: string }> {
  certificate ??= generate([{ name: 'commonName', value: 'go.cin7.com' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'go.cin7.com' },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  }).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return certificate;
}

export async function startOmniSim(
  opts: { port?: number; https?: boolean; settings?: Partial<SimSettings> } = {},
): Promise<OmniSim> {
  const sim = new Simulation(opts.settings);
  const app = new SimServer(sim);
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    app.handle(req, res).catch((error: unknown) => {
      console.error('[omni-sim]', error);
      if (!res.headersSent) html(res, serverErrorPage(), 500);
    });
  };
  const secure = opts.https !== false;
  const server: Server = secure
    ? createHttpsServer(await goCin7Certificate(), listener)
    : createHttpServer(listener);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `${secure ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    reset: (settings) => sim.reset(settings),
    configure: (settings) => sim.configure(settings),
    uploads: () => sim.uploads(),
    onUpload: (listener) => void sim.uploadListeners.push(listener),
    actions: () => sim.actions(),
    pending: () => sim.company.pending(sim.ledger),
    errors: () => sim.company.errors(sim.ledger),
    settings: () => ({ ...sim.settings, faults: { ...sim.settings.faults } }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
