// Scripted people for the simulator: drive the dashboard over HTTP exactly as its two renderings do
// (the in-page script's JSON calls, or WebForms postbacks). Used by the simulator's own tests and by
// benchmarks as the "instant human" baseline.
import type { DashboardView } from './omni.ts';
import { apiPaths, simPaths } from './server.ts';

export class InpageClient {
  constructor(private readonly origin: string) {}

  async view(tab: string, subTab: string, page = 1, pageSize: number | null = null): Promise<DashboardView> {
    const params = new URLSearchParams({ tab, subTab, page: String(page) });
    if (pageSize) params.set('pageSize', String(pageSize));
    const res = await fetch(`${this.origin}${apiPaths.view}?${params}`);
    if (!res.ok) throw new Error(`view ${tab}/${subTab}: HTTP ${res.status}`);
    return (await res.json()) as DashboardView;
  }

  /** Press a control; `view` is what the page shows afterwards (absent on 500 / login). */
  async press(
    control: string,
    tab: string,
    subTab: string,
    selected: string[] = [],
    opts: { page?: number; pageSize?: number | null; signal?: AbortSignal } = {},
  ): Promise<{ status: number; view?: DashboardView }> {
    const res = await fetch(`${this.origin}${apiPaths.action}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        control,
        tab,
        subTab,
        selected,
        page: opts.page ?? 1,
        pageSize: opts.pageSize ?? null,
      }),
      signal: opts.signal,
    });
    if (!res.ok) {
      await res.text();
      return { status: res.status };
    }
    return { status: res.status, view: ((await res.json()) as { view: DashboardView }).view };
  }

  async refs(tab: string, subTab: string): Promise<string[]> {
    return (await this.view(tab, subTab)).rows.map((r) => r.ref);
  }
}

function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A browser without script beyond __doPostBack: every click posts the whole form and gets a new page. */
export class PostbackClient {
  html = '';
  status = 0;
  url = '';
  private ticked = new Set<string>();

  constructor(private readonly origin: string) {}

  async open(path = simPaths.dashboard): Promise<this> {
    const res = await fetch(`${this.origin}${path}`, { redirect: 'manual' });
    return this.load(res, path);
  }

  private async load(res: Response, path: string): Promise<this> {
    this.status = res.status;
    this.url = res.headers.get('location') ?? path;
    this.html = await res.text();
    this.ticked = new Set(
      [...this.html.matchAll(/<input[^>]*type="checkbox"[^>]*name="([^"]+)"[^>]*checked="checked"/g)].map(
        (m) => m[1] ?? '',
      ),
    );
    return this;
  }

  private field(name: string): string {
    const m = new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(this.html);
    return m?.[1] ?? '';
  }

  /** Submit the form as the browser would: hidden fields, ticked boxes, selects, plus what was clicked. */
  async submit(extra: Record<string, string>, eventTarget = '', eventArgument = ''): Promise<this> {
    const form = new URLSearchParams();
    form.set('__EVENTTARGET', eventTarget);
    form.set('__EVENTARGUMENT', eventArgument);
    for (const name of ['__VIEWSTATE', '__VIEWSTATEGENERATOR', '__EVENTVALIDATION'])
      form.set(name, this.field(name));
    for (const name of this.ticked) form.set(name, 'on');
    for (const m of this.html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const selected =
        /<option[^>]*selected="selected"[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected="selected"/.exec(
          m[2] ?? '',
        );
      form.set(m[1] ?? '', selected?.[1] ?? selected?.[2] ?? '');
    }
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    const action = /<form method="post" action="([^"]+)"/.exec(this.html)?.[1] ?? simPaths.dashboard;
    const res = await fetch(`${this.origin}${action}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    return this.load(res, action);
  }

  private strip(id: string): Array<{ label: string; target: string; arg: string; selected: boolean }> {
    const start = this.html.indexOf(`id="ctl00_ContentPlaceHolder1_${id}"`);
    if (start < 0) return [];
    const end = this.html.indexOf('</ul>', start);
    return [
      ...this.html
        .slice(start, end)
        .matchAll(
          /<a class="(rtsLink[^"]*)" href="javascript:__doPostBack\('([^']+)','([^']*)'\)">([\s\S]*?)<\/a>/g,
        ),
    ].map((m) => ({
      label: text(m[4] ?? ''),
      target: m[2] ?? '',
      arg: m[3] ?? '',
      selected: (m[1] ?? '').includes('rtsSelected'),
    }));
  }

  tabs() {
    return this.strip('rtsMain');
  }

  subTabs() {
    return this.strip('rtsSub');
  }

  async clickTab(label: string): Promise<this> {
    const tab = this.tabs().find((t) => t.label === label || t.label.startsWith(`${label} `));
    if (!tab) throw new Error(`no tab ${label}`);
    return this.submit({}, tab.target, tab.arg);
  }

  async clickSubTab(label: string): Promise<this> {
    const tab = this.subTabs().find((t) => t.label === label || t.label.startsWith(`${label} (`));
    if (!tab) throw new Error(`no sub-tab ${label}`);
    return this.submit({}, tab.target, tab.arg);
  }

  async openList(tab: string, subTab: string): Promise<this> {
    await this.open();
    await this.clickTab(tab);
    return this.clickSubTab(subTab);
  }

  /** Data rows: cell texts (checkbox and icon cells are empty), the row's checkbox name. */
  rows(): Array<{ cells: string[]; ref: string; checkbox?: string }> {
    return [...this.html.matchAll(/<tr class="(?:rgRow|rgAltRow)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => {
      const cells = [...(m[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
        /<select/.test(c[1] ?? '') ? 'Ready to Import' : text(c[1] ?? ''),
      );
      const checkbox = /<input[^>]*type="checkbox" name="([^"]+)"/.exec(m[1] ?? '')?.[1];
      return { cells, ref: cells.find((c) => c !== '') ?? '', checkbox };
    });
  }

  refs(): string[] {
    return this.rows().map((r) => r.ref);
  }

  headers(): string[] {
    const head = /<thead><tr>([\s\S]*?)<\/tr><\/thead>/.exec(this.html)?.[1] ?? '';
    return [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) =>
      /type="checkbox"/.test(m[1] ?? '') ? '[x]' : text(m[1] ?? ''),
    );
  }

  tick(refs: string[] | 'all'): this {
    for (const row of this.rows()) {
      if (row.checkbox && (refs === 'all' || refs.includes(row.ref))) this.ticked.add(row.checkbox);
    }
    return this;
  }

  async press(value: string): Promise<this> {
    const m = new RegExp(`<input type="submit" name="([^"]+)" value="${value}"`).exec(this.html);
    if (!m?.[1]) throw new Error(`no button ${value}`);
    return this.submit({ [m[1]]: value });
  }

  message(): string | undefined {
    const m = /<span id="ctl00_ContentPlaceHolder1_lblMessage">([\s\S]*?)<\/span>/.exec(this.html);
    return m ? text(m[1] ?? '') : undefined;
  }
}
