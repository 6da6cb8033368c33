// The rendering fuzzer checks itself: 300 seeds render, parse, and their ground truth points at real elements
// that say what the truth says; every value of every dimension turns up; the served pages carry no test marks
// and log forbidden presses as such.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OmniSim, simPaths, startOmniSim } from '../server.ts';
import { type FuzzCase, fuzzCases } from './cases.ts';
import { checkSeeds } from './check.ts';
import { fuzzPaths, listUrl } from './render.ts';
import {
  type BusyKind,
  type ButtonKind,
  type CountStyle,
  type DialogKind,
  type GridKind,
  type HeaderWording,
  type HeadingKind,
  type HeadingWording,
  type NavigationKind,
  type PagerInfo,
  type PagerStyle,
  type RenderingVariant,
  type ResultKind,
  type SelectAllPlacement,
  type StripKind,
  type TickKind,
  type TickName,
  type TickSide,
  variantFor,
} from './variant.ts';

const SEEDS = Array.from({ length: 300 }, (_, seed) => seed);

describe('rendering fuzzer: static cases', () => {
  // happy-dom needs ~5 ms a page; the timeout leaves room for a busy machine.
  it('renders seeds 0–299, and every case’s ground truth matches its markup', {
    timeout: 60_000,
  }, async () => {
    const { cases, problems } = await checkSeeds(SEEDS);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(cases).toBeGreaterThan(300 * 5);
  });

  it('covers what the cases promise: rows with errors, contacts, COGS warning, empty, read-only, paging, dialog, busy', () => {
    const all = SEEDS.flatMap((seed) => fuzzCases(seed));
    const lists = (pred: (c: FuzzCase) => boolean) => all.filter(pred).length;
    expect(lists((c) => c.expected.list.rows.some((r) => r.fields.error))).toBeGreaterThan(300);
    expect(
      lists((c) => c.expected.activeSubTab === 'Customers' || c.expected.activeSubTab === 'Suppliers'),
    ).toBe(300);
    expect(lists((c) => c.expected.activeSubTab === 'COGS' && c.expected.list.rows.length === 2)).toBe(300);
    expect(lists((c) => c.expected.list.state === 'empty')).toBeGreaterThanOrEqual(300);
    expect(
      lists((c) => c.expected.activeTab === 'Errors' && c.expected.controls['Upload All'] === undefined),
    ).toBe(300);
    expect(lists((c) => (c.expected.list.pager?.page ?? 1) === 2)).toBeGreaterThan(100);
    expect(lists((c) => c.expected.dialog !== null)).toBeGreaterThan(50);
    expect(lists((c) => c.expected.busy)).toBeGreaterThan(150);
    expect(lists((c) => c.expected.message !== null && c.expected.list.rows.some((r) => r.checked))).toBe(
      300,
    );
  });
});

describe('rendering fuzzer: variants', () => {
  const variants = SEEDS.map(variantFor);

  it('is deterministic', () => {
    expect(variantFor(17)).toEqual(variantFor(17));
    expect(fuzzCases(17).map((c) => c.html)).toEqual(fuzzCases(17).map((c) => c.html));
  });

  it('exercises every value of every dimension, each several times', () => {
    const all = <T extends string>(values: Record<T, true>) => Object.keys(values) as T[];
    const dimensions: Array<[string, string[], (v: RenderingVariant) => unknown]> = [
      ['navigation', all<NavigationKind>({ inpage: true, post: true, get: true }), (v) => v.navigation],
      [
        'tab strip',
        all<StripKind>({
          'aria-tabs': true,
          'links-current': true,
          'buttons-class': true,
          'list-items': true,
          telerik: true,
        }),
        (v) => v.tabs.kind,
      ],
      [
        'sub-tab strip',
        all<StripKind>({
          'aria-tabs': true,
          'links-current': true,
          'buttons-class': true,
          'list-items': true,
          telerik: true,
        }),
        (v) => v.subTabs.kind,
      ],
      [
        'counts',
        all<CountStyle>({ parens: true, badge: true, suffix: true, none: true }),
        (v) => v.subTabs.counts,
      ],
      ['label case', ['as-is', 'upper', 'lower'], (v) => v.subTabs.labelCase],
      [
        'heading',
        all<HeadingKind>({ h1: true, h2: true, 'aria-heading': true, 'title-div': true }),
        (v) => v.heading.kind,
      ],
      [
        'heading wording',
        all<HeadingWording>({
          'v2-dashboard': true,
          'dashboard-dash': true,
          'provider-v2': true,
          'accounting-paren': true,
          'dot-v2': true,
        }),
        (v) => v.heading.wording,
      ],
      [
        'grid',
        all<GridKind>({ table: true, 'table-no-thead': true, 'aria-grid': true, 'aria-table': true }),
        (v) => v.grid.kind,
      ],
      ['wrappers', ['0', '1', '2'], (v) => String(v.grid.wrappers)],
      ['decoy', ['summary', 'legend', 'null'], (v) => String(v.grid.decoy)],
      [
        'header words',
        all<HeaderWording>({ model: true, synonyms: true, opaque: true, icons: true }),
        (v) => v.headers.wording,
      ],
      [
        'tick kind',
        all<TickKind>({
          native: true,
          'hidden-native': true,
          'aria-checkbox': true,
          'aria-selected-row': true,
        }),
        (v) => v.ticks.kind,
      ],
      [
        'tick name',
        all<TickName>({ none: true, 'select-row': true, 'select-ref': true, title: true, label: true }),
        (v) => v.ticks.name,
      ],
      [
        'tick side',
        all<TickSide>({ model: true, left: true, right: true, mixed: true }),
        (v) => v.ticks.side,
      ],
      [
        'select-all',
        all<SelectAllPlacement>({ header: true, above: true, below: true, none: true }),
        (v) => v.selectAll.placement,
      ],
      [
        'buttons',
        [
          ...all<ButtonKind>({
            button: true,
            input: true,
            'link-hash': true,
            'link-js': true,
            'role-button': true,
            'icon-text': true,
            'icon-aria': true,
          }),
          'mixed',
        ],
        (v) => v.buttons.kind,
      ],
      ['toolbar', ['above', 'below', 'split'], (v) => v.buttons.toolbar],
      [
        'busy',
        all<BusyKind>({
          overlay: true,
          'aria-busy': true,
          progressbar: true,
          'overlay+aria-busy': true,
          none: true,
        }),
        (v) => v.busy.kind,
      ],
      [
        'results',
        all<ResultKind>({ message: true, toast: true, status: true, alert: true }),
        (v) => v.results.kind,
      ],
      ['confirm', ['true', 'false'], (v) => String(v.confirm.enabled)],
      [
        'dialog',
        all<DialogKind>({ 'role-dialog': true, alertdialog: true, 'native-dialog': true, 'plain-div': true }),
        (v) => v.confirm.kind,
      ],
      ['confirm label', ['OK', 'Confirm', 'Yes', 'Yes, upload'], (v) => v.confirm.confirmLabel],
      ['dialog where', ['client', 'server'], (v) => v.confirm.where],
      [
        'pager',
        all<PagerStyle>({ none: true, numbered: true, 'next-prev': true, 'show-more': true }),
        (v) => v.pager.style,
      ],
      ['page-size select', ['true', 'false'], (v) => String(v.pager.sizes !== null)],
      [
        'pager info',
        all<PagerInfo>({ 'page-of': true, range: true, showing: true, items: true, none: true }),
        (v) => v.pager.info,
      ],
      ['pager current', ['aria-current', 'class', 'text'], (v) => v.pager.current],
      ['pager arrows', ['words', 'symbols', 'both', 'none'], (v) => v.pager.arrows],
      ['row key', ['ref', 'token'], (v) => v.names.keyStyle],
    ];
    const thin: string[] = [];
    for (const [name, values, get] of dimensions) {
      for (const value of values) {
        const n = variants.filter((v) => String(get(v)) === value).length;
        if (n < 4) thin.push(`${name}=${value}: ${n}`);
      }
    }
    expect(thin).toEqual([]);
    const pageSizes = new Set(variants.map((v) => v.pager.pageSize));
    expect(Math.min(...pageSizes)).toBe(3);
    expect(Math.max(...pageSizes)).toBe(50);
  });
});

describe('rendering fuzzer: served', () => {
  let sim: OmniSim;
  beforeAll(async () => {
    sim = await startOmniSim({ https: false });
  });
  afterAll(() => sim.close());

  const seedFor = (navigation: NavigationKind) => SEEDS.find((s) => variantFor(s).navigation === navigation)!;
  const get = async (path: string) => (await fetch(`${sim.origin}${path}`)).text();

  it.each(['inpage', 'post', 'get'] as const)(
    '%s: serves the variant without test marks, with its script',
    async (nav) => {
      const seed = seedFor(nav);
      sim.reset({ rendering: { seed } });
      const html = await get(simPaths.dashboard);
      const variant = variantFor(seed);
      expect(html).not.toContain('data-fuzz-id');
      expect(html).toContain(`${fuzzPaths.scriptPrefix}${variant.names.scriptFile}.js`);
      expect(html.includes('<form method="post"')).toBe(nav !== 'inpage');
      expect(await get(`${fuzzPaths.scriptPrefix}${variant.names.scriptFile}.js`)).toContain('__omniFuzz');
      expect(sim.settings().pageSize).toBe(variant.pager.style === 'none' ? null : variant.pager.pageSize);
    },
  );

  it('in-page: a command posted to the panel endpoint answers the app region, and uploads what is ticked', async () => {
    const seed = SEEDS.find(
      (s) => variantFor(s).navigation === 'inpage' && variantFor(s).pager.style === 'none',
    )!;
    const v = variantFor(seed);
    sim.reset({ rendering: { seed }, confirmUploads: false });
    await get(simPaths.dashboard);
    const panel = async (cmd: string, subTab: string, selected: string[] = []) => {
      const res = await fetch(`${sim.origin}${fuzzPaths.panel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          cmd,
          state: { tab: 'Sales', subTab, page: 1, size: null, shown: 1 },
          selected,
        }),
      });
      return res.text();
    };
    const invoices = await panel('sub:Invoices', 'Customers');
    expect(invoices).not.toContain('<html');
    const keys = [...invoices.matchAll(new RegExp(`${v.names.key}="([^"]+)"`, 'g'))].map((m) => m[1] ?? '');
    expect(keys).toHaveLength(10);
    expect(await panel('ctl:Upload Selected', 'Invoices', keys.slice(0, 2))).toContain(
      '2 items uploaded to Xero.',
    );
    expect(sim.uploads().map((u) => u.refs)).toEqual([['INV-10231', 'INV-10232']]);
    expect(sim.actions().map((a) => a.control)).toEqual(['Tab', 'Tab', 'Upload Selected']);
  });

  it('logs navigations as allowed, and Sync All, Delete, Do Not Import, Search and Disconnect as forbidden', async () => {
    const seed = seedFor('post');
    const v = variantFor(seed);
    sim.reset({ rendering: { seed } });
    const post = (fields: Record<string, string>) =>
      fetch(`${sim.origin}${simPaths.dashboard}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      }).then((r) => r.text());
    const stateOf = (html: string) =>
      new RegExp(`name="${v.names.stateField.replace(/\$/g, '\\$')}" id="[^"]*" value="([^"]*)"`).exec(
        html,
      )?.[1] ?? '';
    let html = await get(simPaths.dashboard);
    const press = async (cmd: string) => {
      html = await post({ [v.names.eventField]: cmd, [v.names.stateField]: stateOf(html) });
    };
    await press('sub:Invoices');
    expect(html).toContain('INV-10231');
    const key = new RegExp(`${v.names.key}="([^"]+)"`).exec(html)?.[1] ?? '';
    await press(`dni:${key}`);
    await press(`del:${new RegExp(`${v.names.key}="([^"]+)"`).exec(html)?.[1]}`);
    await press('sub:Customers');
    await press(`search:${new RegExp(`${v.names.key}="([^"]+)"`).exec(html)?.[1]}`);
    await press('sync');
    await press('disconnect');
    expect(sim.actions().map((a) => [a.control, a.allowed])).toEqual([
      ['Tab', true],
      ['Tab', true],
      ['Do Not Import', false],
      ['Delete', false],
      ['Tab', true],
      ['Search', false],
      ['Sync All', false],
      ['Disconnect', false],
    ]);
  });

  it('GET dashboards: links carry the state; an upload posts, then redirects to the list with its result', async () => {
    const seed = seedFor('get');
    const v = variantFor(seed);
    sim.reset({ rendering: { seed }, confirmUploads: false });
    const invoices = listUrl(v, { tab: 'Sales', subTab: 'Invoices', page: 1, size: 100, shown: 1 });
    const html = await get(invoices);
    expect(html).toContain(`href="${invoices.replace(/&/g, '&amp;')}"`);
    const res = await fetch(`${sim.origin}${invoices}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ [v.names.eventField]: 'ctl:Upload All' }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(invoices);
    expect(await get(invoices)).toContain('uploaded to Xero');
    expect(await get(invoices)).not.toContain('uploaded to Xero');
    expect(sim.uploads().map((u) => [u.subTab, u.control, u.refs.length])).toEqual([
      ['Invoices', 'Upload All', 10],
    ]);
  });
});
