import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InpageClient } from './clients.ts';
import { type OmniSim, simPaths, startOmniSim } from './server.ts';

let sim: OmniSim;
let omni: InpageClient;

beforeAll(async () => {
  sim = await startOmniSim({ https: false });
  omni = new InpageClient(sim.origin);
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const uploadAll = async (tab: string, subTab: string) => (await omni.press('Upload All', tab, subTab)).view!;
const uploadTicked = async (tab: string, subTab: string, control = 'Upload') =>
  (await omni.press(control, tab, subTab, await omni.refs(tab, subTab))).view!;

describe('dashboard structure', () => {
  it('Xero V2 shows the documented tabs, sub-tabs with counts, and an Errors badge', async () => {
    const view = await omni.view('', '');
    expect(view.heading).toBe('Xero V2 Accounting Dashboard');
    expect(view.tabs.map((t) => t.label)).toEqual([
      'Sales',
      'Purchases',
      'Adjustments & COGS',
      'Retail',
      'Admin',
      'Errors',
      'Discrepancies',
    ]);
    expect(view.tabs.find((t) => t.label === 'Errors')?.badge).toBe(1);
    expect(view.subTab).toBe('Customers');
    expect(view.subTabs.map((s) => (s.count === undefined ? s.label : `${s.label} (${s.count})`))).toEqual([
      'Customers',
      'Invoices (10)',
      'Credit Notes (3)',
      'Payments (2)',
    ]);
    const purchases = await omni.view('Purchases', '');
    expect(purchases.subTabs.map((s) => s.label)).toEqual([
      'Suppliers',
      'Supplier Invoices',
      'Supplier Credit Notes',
      'Landed Costs',
    ]);
    expect((await omni.view('Retail', '')).subTabs.map((s) => s.label)).toEqual([
      'Gift Vouchers',
      'Store Credits',
    ]);
    expect((await omni.view('Errors', '')).subTabs.map((s) => s.label)).toEqual([
      'Invoices',
      'Credit Notes',
      'Supplier Invoices',
      'Adjustments',
    ]);
  });

  it('QuickBooks Online V2 has Purchase Orders, no Retail, Fees and payouts, and checkboxes on the right', async () => {
    sim.reset({ provider: 'qbo' });
    const view = await omni.view('Purchases', '');
    expect(view.heading).toBe('QuickBooks Online V2 Accounting Dashboard');
    expect(view.tabs.map((t) => t.label)).not.toContain('Retail');
    expect(view.subTabs.map((s) => s.label)).toEqual([
      'Suppliers',
      'Purchase Orders',
      'Supplier Invoices',
      'Supplier Credit Notes',
    ]);
    expect(view.checkboxSide).toBe('right');
    const errors = await omni.view('Errors', 'Fees and payouts');
    expect(errors.rows.map((r) => r.ref)).toEqual(['PAYOUT-2026-10']);
    expect(errors.columns).toEqual(['Reference', 'Contact', 'Date', 'Amount', 'Errors']);
  });

  it('puts Xero checkboxes on the left except on Store Credits, and gives each list its controls', async () => {
    const invoices = await omni.view('Sales', 'Invoices');
    expect(invoices.checkboxSide).toBe('left');
    expect(invoices.controls).toEqual(['Upload All', 'Upload Selected']);
    expect(invoices.columns).toEqual([
      'Invoice #',
      'Order Ref',
      'Customer',
      'Invoice Date',
      'Total',
      'Status',
    ]);
    expect((await omni.view('Retail', 'Store Credits')).checkboxSide).toBe('right');
    expect((await omni.view('Sales', 'Payments')).controls).toEqual(['Upload']);
    expect((await omni.view('Sales', 'Customers')).columns).toEqual(['Name', 'Email', 'Search', 'Errors']);
    expect((await omni.view('Purchases', 'Landed Costs')).controls).toEqual(['Upload']);
    expect((await omni.view('Adjustments & COGS', 'COGS')).controls).toEqual(['Refresh Data', 'Update All']);
    expect((await omni.view('Admin', 'Tax Rates')).controls).toEqual(['Refresh']);
    expect((await omni.view('Discrepancies', 'Sales Order Discrepancies')).rows).toHaveLength(2);
  });

  it('serves the in-page shell with the Omni chrome and the page script', async () => {
    const html = await (await fetch(`${sim.origin}${simPaths.dashboard}`)).text();
    expect(html).toContain('aria-label="Main navigation"');
    expect(html).toContain('>Xero V2</a>');
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain('Loading…');
    expect(html).not.toMatch(/data-testid/);
    const script = await fetch(`${sim.origin}/Scripts/accounting-v2.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('role="tablist"');
  });
});

describe('uploads', () => {
  it('removes synced invoices and moves contacts-first failures to Errors with the reason', async () => {
    const after = await uploadAll('Sales', 'Invoices');
    expect(after.rows).toEqual([]);
    expect(after.message?.text).toBe('7 items uploaded to Xero, 3 failed. See the Errors tab for details.');
    expect(after.tabs.find((t) => t.label === 'Errors')?.badge).toBe(4);
    const errors = await omni.view('Errors', 'Invoices');
    expect(errors.rows.map((r) => r.ref)).toEqual(['INV-10233', 'INV-10235', 'INV-10238', 'INV-10219']);
    expect(errors.rows[0]?.cells.at(-1)).toBe(
      'Contact Kauri Coast Outfitters is not linked to a Xero contact. Upload it from the Customers tab first.',
    );
    const [entry] = sim.uploads();
    expect(entry).toMatchObject({
      provider: 'xero',
      tab: 'Sales',
      subTab: 'Invoices',
      control: 'Upload All',
    });
    expect(entry?.refs).toHaveLength(10);
    expect(entry?.results.filter((r) => r.ok)).toHaveLength(7);
  });

  it('syncs every invoice when the customers are uploaded first', async () => {
    const customers = await uploadTicked('Sales', 'Customers');
    expect(customers.rows).toEqual([]);
    expect(customers.message?.text).toBe('3 items uploaded to Xero.');
    await uploadAll('Sales', 'Invoices');
    expect(sim.pending().Sales?.Invoices).toEqual([]);
    expect(sim.pending().Errors?.Invoices).toEqual(['INV-10219']);
  });

  it('refuses Upload / Upload Selected with nothing ticked', async () => {
    for (const [tab, subTab, control] of [
      ['Sales', 'Customers', 'Upload'],
      ['Sales', 'Invoices', 'Upload Selected'],
    ] as const) {
      const { view } = await omni.press(control, tab, subTab, []);
      expect(view?.message).toEqual({ kind: 'error', text: 'Please select at least one item' });
    }
    expect(sim.uploads()).toEqual([]);
    expect(sim.pending().Sales?.Invoices).toHaveLength(10);
  });

  it('uploads only the ticked rows with Upload Selected', async () => {
    const view = (await omni.press('Upload Selected', 'Sales', 'Invoices', ['INV-10231', 'INV-10232'])).view!;
    expect(view.rows).toHaveLength(8);
    expect(view.subTabs.find((s) => s.label === 'Invoices')?.count).toBe(8);
    expect(sim.uploads()[0]?.refs).toEqual(['INV-10231', 'INV-10232']);
  });

  it('shows payments only after their invoice has synced', async () => {
    expect(await omni.refs('Sales', 'Payments')).toEqual(['PMT-7701', 'PMT-7702']);
    await omni.press('Upload Selected', 'Sales', 'Invoices', ['INV-10231', 'INV-10234']);
    expect(await omni.refs('Sales', 'Payments')).toEqual(['PMT-7701', 'PMT-7702', 'PMT-7703', 'PMT-7705']);
    const view = await uploadTicked('Sales', 'Payments');
    expect(view.rows).toEqual([]);
    await uploadTicked('Sales', 'Customers');
    await uploadAll('Sales', 'Invoices');
    expect(await omni.refs('Sales', 'Payments')).toEqual(['PMT-7704']);
  });

  it('reports each documented Xero error on the right list', async () => {
    await uploadTicked('Sales', 'Customers');
    await uploadAll('Sales', 'Credit Notes');
    expect(sim.errors()).toContainEqual({
      subTab: 'Credit Notes',
      ref: 'CN-2043',
      error: 'Zero value transactions are not sent to Xero',
    });
    await uploadAll('Adjustments & COGS', 'Adjustments');
    expect(sim.errors()).toContainEqual({
      subTab: 'Adjustments',
      ref: 'ADJ-0093',
      error: 'The total debits (150.00) must equal total credits (120.00)',
    });
    // Lists without an Errors sub-tab keep the failed row, with the reason in its Errors column.
    const landed = await uploadTicked('Purchases', 'Landed Costs');
    expect(landed.rows.map((r) => [r.ref, r.cells.at(-1)])).toEqual([
      ['LC-0058', 'Account code or ID must be specified'],
    ]);
    const vouchers = await uploadAll('Retail', 'Gift Vouchers');
    expect(vouchers.rows.map((r) => [r.ref, r.error])).toEqual([
      ['GV-100233', 'Organization is not subscribed to currency GBP'],
    ]);
    expect((await omni.view('Errors', 'Credit Notes')).rows.map((r) => r.ref)).toEqual(['CN-2043']);
  });

  it('fails every transaction with "The access token does not exist" under the fault, and after Disconnect', async () => {
    sim.configure({ faults: { accessTokenMissing: true } });
    await uploadAll('Sales', 'Invoices');
    expect(sim.uploads()[0]?.results.every((r) => r.error === 'The access token does not exist')).toBe(true);
    sim.reset();
    await fetch(`${sim.origin}${simPaths.connect}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'ctl00%24ContentPlaceHolder1%24btnDisconnect=Disconnect',
    });
    expect(sim.actions().at(-1)).toMatchObject({ control: 'Disconnect', allowed: false });
    const customers = await uploadTicked('Sales', 'Customers');
    expect(customers.rows[0]?.error).toBe('The access token does not exist');
  });

  it('logs a double-submitted upload twice, processing the refs only once', async () => {
    await omni.press('Upload Selected', 'Sales', 'Invoices', ['INV-10231']);
    await omni.press('Upload Selected', 'Sales', 'Invoices', ['INV-10231']);
    const entries = sim.uploads().filter((e) => e.refs.includes('INV-10231'));
    expect(entries).toHaveLength(2);
    expect(entries[1]?.results).toEqual([]);
  });
});

describe('COGS', () => {
  it('needs Refresh Data before Update All, keeps locked months with a warning, replaces journals', async () => {
    const before = await omni.view('Adjustments & COGS', 'COGS');
    expect(before.columns).toEqual(['Month', 'Amount', 'Errors']);
    const refused = (await omni.press('Update All', 'Adjustments & COGS', 'COGS')).view!;
    expect(refused.message?.text).toBe('Refresh data before updating');
    expect(sim.uploads()).toEqual([]);

    const refreshed = (await omni.press('Refresh Data', 'Adjustments & COGS', 'COGS')).view!;
    expect(refreshed.rows.map((r) => r.ref)).toEqual(['September 2026', 'October 2026', 'November 2026']);
    const updated = (await omni.press('Update All', 'Adjustments & COGS', 'COGS')).view!;
    expect(updated.rows.map((r) => r.ref)).toEqual(['September 2026']);
    expect(updated.rows[0]?.warning).toBe(true);
    expect(updated.rows[0]?.cells[2]).toContain('is on or before the lock date (30/09/2026)');
    expect(sim.uploads()[0]?.results).toEqual([
      expect.objectContaining({ ref: 'September 2026', ok: false }),
      { ref: 'October 2026', ok: true, replacedJournal: true },
      { ref: 'November 2026', ok: true },
    ]);

    // Newly imported invoices change October's cost: Refresh Data lists it again, Update All replaces it.
    await omni.press('Upload Selected', 'Sales', 'Invoices', ['INV-10231']);
    await omni.view('Adjustments & COGS', 'COGS');
    expect((await omni.press('Update All', 'Adjustments & COGS', 'COGS')).view?.message?.text).toBe(
      'Refresh data before updating',
    );
    await omni.press('Refresh Data', 'Adjustments & COGS', 'COGS');
    await omni.press('Update All', 'Adjustments & COGS', 'COGS');
    expect(sim.uploads().at(-1)?.results).toContainEqual({
      ref: 'October 2026',
      ok: true,
      replacedJournal: true,
    });
  });

  it('honours a later lock date', async () => {
    sim.reset({ lockDate: '2026-10-31' });
    await omni.view('Adjustments & COGS', 'COGS');
    await omni.press('Refresh Data', 'Adjustments & COGS', 'COGS');
    const view = (await omni.press('Update All', 'Adjustments & COGS', 'COGS')).view!;
    expect(view.rows.map((r) => r.ref)).toEqual(['September 2026', 'October 2026']);
  });
});

describe('controls automation must never press', () => {
  it('logs Sync All, Do Not Import, Delete, Search and Admin Refresh with allowed=false', async () => {
    await omni.press('Do Not Import', 'Sales', 'Invoices', ['INV-10239']);
    await omni.press('Delete', 'Sales', 'Credit Notes', ['CN-2041']);
    await omni.press('Search', 'Sales', 'Customers', ['Kauri Coast Outfitters']);
    await omni.press('Refresh', 'Admin', 'Tax Rates');
    await omni.press('Refresh Data', 'Sales', 'Invoices');
    await omni.press('Sync All', 'Sales', 'Invoices');
    const forbidden = sim.actions().filter((a) => !a.allowed);
    expect(forbidden.map((a) => a.control)).toEqual([
      'Do Not Import',
      'Delete',
      'Search',
      'Refresh',
      'Refresh Data',
      'Sync All',
    ]);
    expect(sim.pending().Sales?.Invoices).toEqual([]);
    // Sync All is Omni's five lists: customers, invoices, suppliers, supplier invoices and COGS, nothing else.
    expect(sim.uploads().map((u) => `${u.control}:${u.subTab}`)).toEqual([
      'Sync All:Customers',
      'Sync All:Invoices',
      'Sync All:Suppliers',
      'Sync All:Supplier Invoices',
      'Sync All:COGS',
    ]);
    expect(sim.pending().Sales?.['Credit Notes']).toEqual(['CN-2042', 'CN-2043']);
  });

  it('logs navigation and uploads as allowed', async () => {
    await omni.view('Sales', 'Invoices');
    await omni.press('Upload All', 'Sales', 'Invoices');
    expect(sim.actions()).toEqual([
      expect.objectContaining({ control: 'Tab', tab: 'Sales', subTab: 'Invoices', allowed: true }),
      expect.objectContaining({ control: 'Upload All', tab: 'Sales', subTab: 'Invoices', allowed: true }),
    ]);
  });
});

describe('knobs', () => {
  it('paginates with a pager; Upload All takes the page shown', async () => {
    sim.reset({ pageSize: 4 });
    const page1 = await omni.view('Sales', 'Invoices');
    expect(page1.rows.map((r) => r.ref)).toEqual(['INV-10231', 'INV-10232', 'INV-10233', 'INV-10234']);
    expect(page1.pager).toEqual({
      page: 1,
      pages: 3,
      pageSize: 4,
      total: 10,
      sizes: [4, 10, 20, 50, 100, 500],
    });
    expect((await omni.view('Sales', 'Invoices', 3)).rows.map((r) => r.ref)).toEqual([
      'INV-10239',
      'INV-10240',
    ]);
    await omni.press('Upload All', 'Sales', 'Invoices', [], { page: 3 });
    expect(sim.uploads()[0]?.refs).toEqual(['INV-10239', 'INV-10240']);
    const big = await omni.view('Sales', 'Invoices', 1, 50);
    expect(big.rows).toHaveLength(8);
    expect(big.pager?.pages).toBe(1);
  });

  it('answers the next N uploads with HTTP 500 and changes nothing', async () => {
    sim.configure({ faults: { nextUploadFails500: 1 } });
    const failed = await omni.press('Upload All', 'Sales', 'Invoices');
    expect(failed.status).toBe(500);
    expect(sim.pending().Sales?.Invoices).toHaveLength(10);
    expect(sim.uploads()[0]).toMatchObject({ serverError: true, results: [] });
    expect(sim.uploads()[0]?.refs).toHaveLength(10);
    const retried = await omni.press('Upload All', 'Sales', 'Invoices');
    expect(retried.status).toBe(200);
    expect(sim.pending().Sales?.Invoices).toEqual([]);
  });

  it('expires the session after N requests: pages redirect to the login page, the API answers 401', async () => {
    sim.configure({ faults: { loginAfterRequests: 1 } });
    expect((await fetch(`${sim.origin}${simPaths.dashboard}`)).status).toBe(200);
    const page = await fetch(`${sim.origin}${simPaths.dashboard}`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(
      `${simPaths.login}?ReturnUrl=${encodeURIComponent(simPaths.dashboard)}`,
    );
    expect((await omni.press('Upload All', 'Sales', 'Invoices')).status).toBe(401);
    expect(sim.uploads()).toEqual([]);
    const login = await (await fetch(`${sim.origin}${simPaths.login}`)).text();
    expect(login).toContain('<button type="submit" class="btn-primary">Log in</button>');
    const back = await fetch(
      `${sim.origin}${simPaths.login}?ReturnUrl=${encodeURIComponent(simPaths.dashboard)}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'email=sarah%40kiwioutdoor.co.nz&password=secret',
        redirect: 'manual',
      },
    );
    expect(back.headers.get('location')).toBe(simPaths.dashboard);
    expect((await fetch(`${sim.origin}${simPaths.dashboard}`)).status).toBe(200);
  });

  it('finishes an upload the browser walked away from, and a page load waits for it', async () => {
    sim.configure({ uploadLatencyMs: 150 });
    const abort = new AbortController();
    const upload = omni
      .press('Upload All', 'Sales', 'Invoices', [], { signal: abort.signal })
      .catch((e: Error) => e);
    await new Promise((resolve) => setTimeout(resolve, 30));
    abort.abort();
    expect(await upload).toBeInstanceOf(Error);
    // The reload queues behind the upload (one session, one request at a time) and shows its outcome.
    const view = await omni.view('Sales', 'Invoices');
    expect(view.rows).toEqual([]);
    expect(sim.uploads()).toHaveLength(1);
  });

  it('generates bulk rows that all sync', async () => {
    sim.reset({ bulk: { subTab: 'Invoices', rows: 2000 } });
    const view = await omni.view('Sales', 'Invoices');
    expect(view.rows).toHaveLength(2000);
    expect(new Set(view.rows.map((r) => r.ref)).size).toBe(2000);
    const after = (await omni.press('Upload All', 'Sales', 'Invoices')).view!;
    expect(after.rows).toEqual([]);
    expect(sim.uploads()[0]?.results.every((r) => r.ok)).toBe(true);
  });

  it('applies latency to list loads', async () => {
    sim.configure({ latencyMs: 120 });
    const started = Date.now();
    await omni.view('Sales', 'Invoices');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe('configure', () => {
  it('re-seeds when the provider changes and keeps the data otherwise', async () => {
    await omni.press('Upload Selected', 'Sales', 'Invoices', ['INV-10231']);
    sim.configure({ latencyMs: 0, lockDate: '2026-10-31' });
    expect(sim.pending().Sales?.Invoices).toHaveLength(9);
    sim.configure({ provider: 'qbo' });
    expect(sim.pending().Sales?.Invoices).toHaveLength(10);
    expect(sim.pending().Purchases?.['Purchase Orders']).toEqual(['PO-3105', 'PO-3106', 'PO-3107']);
    expect(sim.pending().Retail).toBeUndefined();
  });
});

describe('an Omni version with a sub-tab SPEC §2 does not list', () => {
  it('adds it to its tab as a transaction list that syncs', async () => {
    sim.reset({ provider: 'qbo', extraSubTab: { tab: 'Purchases', label: 'Landed Costs', rows: 2 } });
    const view = await omni.view('Purchases', 'Landed Costs');
    expect(view.subTabs.map((s) => s.label).at(-1)).toBe('Landed Costs');
    expect(view.controls).toEqual(['Upload All', 'Upload Selected']);
    expect(view.rows.map((r) => r.ref)).toEqual(['LC-B00001', 'LC-B00002']);
    expect((await omni.press('Upload All', 'Purchases', 'Landed Costs')).view?.rows).toEqual([]);
  });
});

describe('control endpoints', () => {
  it('reset, config, uploads, actions and pending over HTTP', async () => {
    const reset = await fetch(`${sim.origin}/__sim/reset`, {
      method: 'POST',
      body: JSON.stringify({ provider: 'qbo' }),
    });
    expect(((await reset.json()) as { settings: { provider: string } }).settings.provider).toBe('qbo');
    await fetch(`${sim.origin}/__sim/config`, {
      method: 'POST',
      body: JSON.stringify({ confirmUploads: true }),
    });
    expect(sim.settings().confirmUploads).toBe(true);
    await omni.press('Upload All', 'Sales', 'Invoices');
    const uploads = (await (await fetch(`${sim.origin}/__sim/uploads`)).json()) as unknown[];
    expect(uploads).toHaveLength(1);
    const actions = (await (await fetch(`${sim.origin}/__sim/actions`)).json()) as unknown[];
    expect(actions).toHaveLength(1);
    const pending = (await (await fetch(`${sim.origin}/__sim/pending`)).json()) as Record<string, unknown>;
    expect(Object.keys(pending)).toEqual([
      'Sales',
      'Purchases',
      'Adjustments & COGS',
      'Admin',
      'Errors',
      'Discrepancies',
    ]);
  });
});
