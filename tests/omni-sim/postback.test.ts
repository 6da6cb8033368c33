import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostbackClient } from './clients.ts';
import { type OmniSim, simPaths, startOmniSim } from './server.ts';

let sim: OmniSim;
let page: PostbackClient;

beforeAll(async () => {
  sim = await startOmniSim({ https: false });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset({ navigation: 'postback' });
  page = new PostbackClient(sim.origin);
});

describe('WebForms rendering', () => {
  it('renders a form with ASP.NET hidden fields, Telerik tab strips and a RadGrid', async () => {
    await page.open();
    expect(page.html).toContain(
      '<form method="post" action="/Cloud/AccountingV2/Dashboard.aspx" id="aspnetForm">',
    );
    for (const field of ['__VIEWSTATE', '__EVENTTARGET', '__EVENTARGUMENT']) {
      expect(page.html).toContain(`name="${field}"`);
    }
    expect(page.html).toMatch(
      /<div id="ctl00_ContentPlaceHolder1_rtsMain" class="RadTabStrip[^"]*"><div class="rtsLevel rtsLevel1"><ul class="rtsUL"><li class="rtsLI rtsFirst"><a class="rtsLink rtsSelected"[^>]*><span class="rtsOut"><span class="rtsIn"><span class="rtsTxt">Sales<\/span>/,
    );
    expect(page.tabs().map((t) => t.label)).toEqual([
      'Sales',
      'Purchases',
      'Adjustments & COGS',
      'Retail',
      'Admin',
      'Errors 1',
      'Discrepancies',
    ]);
    expect(page.html).toContain('<table class="rgMasterTable"');
    expect(page.html).not.toMatch(/role="tab"|aria-selected|data-testid/);
    expect(page.html).toContain(
      '<input type="submit" name="ctl00$ContentPlaceHolder1$btnUpload" value="Upload"',
    );
  });

  it('switches tabs and sub-tabs with full-page postbacks', async () => {
    await page.open();
    await page.clickSubTab('Invoices');
    expect(page.subTabs().find((s) => s.selected)?.label).toBe('Invoices (10)');
    expect(page.headers()).toEqual([
      '[x]',
      'Invoice #',
      'Order Ref',
      'Customer',
      'Invoice Date',
      'Total',
      'Status',
      '',
    ]);
    expect(page.refs()).toHaveLength(10);
    await page.clickTab('Purchases');
    expect(page.subTabs().map((s) => s.label)).toEqual([
      'Suppliers',
      'Supplier Invoices (4)',
      'Supplier Credit Notes (2)',
      'Landed Costs (2)',
    ]);
    expect(sim.actions().map((a) => `${a.control}:${a.tab}/${a.subTab}`)).toEqual([
      'Tab:Sales/Invoices',
      'Tab:Purchases/Suppliers',
    ]);
  });

  it('uploads the ticked rows; checkbox states travel with the form', async () => {
    await page.openList('Sales', 'Customers');
    await page.press('Upload');
    expect(page.message()).toBe('Please select at least one item');
    await page.tick(['Kauri Coast Outfitters']).press('Upload');
    expect(page.message()).toBe('1 item uploaded to Xero.');
    expect(page.refs()).toEqual(['Southern Alps Adventures', 'Rangitoto Retail Group']);
    await page.clickSubTab('Invoices');
    await page.press('Upload All');
    expect(page.refs()).toEqual([]);
    expect(page.html).toContain('<div>No records to display.</div>');
    expect(page.message()).toBe('9 items uploaded to Xero, 1 failed. See the Errors tab for details.');
    await page.clickTab('Errors');
    expect(page.refs()).toEqual(['INV-10235', 'INV-10219']);
    expect(page.rows()[0]?.cells).toContain(
      'Contact Southern Alps Adventures is not linked to a Xero contact. Upload it from the Customers tab first.',
    );
  });

  it('opens a confirm dialog when configured; OK uploads, Cancel does not', async () => {
    sim.configure({ confirmUploads: true });
    await page.openList('Sales', 'Invoices');
    await page.tick(['INV-10231']).press('Upload Selected');
    expect(page.html).toContain('Are you sure you want to upload the selected items to Xero?');
    expect(page.rows().find((r) => r.ref === 'INV-10231')?.checkbox).toBeDefined();
    expect(sim.uploads()).toEqual([]);
    await page.press('Cancel');
    expect(sim.uploads()).toEqual([]);
    expect(page.html).not.toContain('Are you sure');
    await page.tick(['INV-10231']).press('Upload Selected');
    await page.press('OK');
    expect(sim.uploads().map((u) => u.refs)).toEqual([['INV-10231']]);
    expect(page.refs()).not.toContain('INV-10231');
  });

  it('pages through a RadGrid pager and changes the page size', async () => {
    sim.configure({ pageSize: 3 });
    await page.openList('Sales', 'Invoices');
    expect(page.refs()).toEqual(['INV-10231', 'INV-10232', 'INV-10233']);
    expect(page.html).toContain('Page 1 of 4, items 1 to 3 of 10.');
    await page.submit({}, 'ctl00$ContentPlaceHolder1$rgList', 'Page$Next');
    expect(page.refs()).toEqual(['INV-10234', 'INV-10235', 'INV-10236']);
    await page.submit(
      { ctl00$ContentPlaceHolder1$ddlPageSize: '20' },
      'ctl00$ContentPlaceHolder1$rgList',
      'PageSize',
    );
    expect(page.refs()).toHaveLength(10);
    expect(sim.actions().map((a) => [a.control, a.allowed])).toContainEqual(['Page Size', true]);
  });

  it('runs COGS Refresh Data then Update All, refusing Update All first', async () => {
    await page.openList('Adjustments & COGS', 'COGS');
    await page.press('Update All');
    expect(page.message()).toBe('Refresh data before updating');
    await page.press('Refresh Data');
    await page.press('Update All');
    expect(page.refs()).toEqual(['September 2026']);
    expect(page.html).toContain('alt="Warning"');
    expect(page.html).toContain('is on or before the lock date');
  });

  it('logs the forbidden row controls and Sync All', async () => {
    await page.openList('Sales', 'Invoices');
    const status = /name="([^"]+\$ddlStatus)"/.exec(page.html)?.[1] ?? '';
    await page.submit({ [status]: 'DoNotImport' }, status, '');
    const del = /name="([^"]+\$btnDelete)"/.exec(page.html)?.[1] ?? '';
    await page.submit({ [`${del}.x`]: '5', [`${del}.y`]: '5' });
    await page.submit({}, 'ctl00$ContentPlaceHolder1$btnSyncAll', '');
    expect(
      sim
        .actions()
        .filter((a) => !a.allowed)
        .map((a) => a.control),
    ).toEqual(['Do Not Import', 'Delete', 'Sync All']);
    expect(sim.uploads().every((u) => u.control === 'Sync All')).toBe(true);
    expect(sim.uploads().find((u) => u.subTab === 'Invoices')?.refs).toHaveLength(8);
  });

  it('answers an upload with the ASP.NET error page under the 500 fault', async () => {
    sim.configure({ faults: { nextUploadFails500: 1 } });
    await page.openList('Sales', 'Invoices');
    await page.press('Upload All');
    expect(page.status).toBe(500);
    expect(page.html).toContain("Server Error in '/' Application.");
    expect(sim.pending().Sales?.Invoices).toHaveLength(10);
  });

  it('sends a postback to the login page once the session expires', async () => {
    await page.openList('Sales', 'Invoices');
    sim.configure({ faults: { loginAfterRequests: 0 } });
    await page.press('Upload All');
    expect(page.status).toBe(302);
    expect(page.url).toContain(simPaths.login);
    expect(sim.uploads()).toEqual([]);
  });

  it('renders QuickBooks Online lists with the checkbox column on the right', async () => {
    sim.reset({ navigation: 'postback', provider: 'qbo' });
    await page.openList('Purchases', 'Purchase Orders');
    expect(page.headers()).toEqual([
      'PO #',
      'Supplier',
      'Order Date',
      'Total',
      'Status',
      'Errors',
      '',
      '[x]',
    ]);
    await page.tick('all').press('Upload Selected');
    expect(page.message()).toBe(
      '1 item uploaded to QuickBooks Online, 2 failed. See the Errors column for details.',
    );
    expect(page.rows().map((r) => r.cells[5])).toEqual([
      'Contact Canterbury Leatherworks is not linked to a QuickBooks Online contact. Upload it from the Suppliers tab first.',
      'Contact Shenzhen Outdoor Gear Co is not linked to a QuickBooks Online contact. Upload it from the Suppliers tab first.',
    ]);
  });
});
