import { describe, expect, it } from 'vitest';
import { loadFixture, loadHtml, loadSmallPage } from './fixtures';
import {
  findControl,
  findSelectAll,
  findTabElement,
  readDashboard,
  readList,
  readPage,
  rowTicks,
} from './index';

const labels = (items: Array<{ label: string }> | undefined) => items?.map((item) => item.label);

describe('recognising the dashboard (three renderings)', () => {
  it('reads the in-page Xero dashboard: provider, both tab rows, the active ones, counts', () => {
    const reading = readDashboard(loadFixture('xero-inpage.html'));
    expect(reading.kind).toBe('dashboard');
    expect(reading.provider).toBe('xero');
    expect(labels(reading.strips?.tabs)).toEqual([
      'Sales',
      'Purchases',
      'Adjustments & COGS',
      'Retail',
      'Admin',
      'Errors',
      'Discrepancies',
    ]);
    expect(reading.strips?.tabs.find((tab) => tab.label === 'Errors')).toMatchObject({
      count: 3,
      syncs: false,
    });
    expect(reading.strips?.activeTab).toBe('Sales');
    // The hidden Purchases row and the left navigation's "Customers" are not sub-tabs of this view.
    expect(labels(reading.strips?.subTabs)).toEqual(['Customers', 'Invoices', 'Credit Notes', 'Payments']);
    expect(reading.strips?.activeSubTab).toBe('Invoices');
    expect(reading.strips?.subTabs.map((sub) => [sub.kind, sub.count])).toEqual([
      ['contacts', 2],
      ['transactions', 3],
      ['transactions', 1],
      ['upload-ticked', 0],
    ]);
  });

  it('reads the in-page QBO dashboard: bootstrap tabs, a div grid, checkboxes on the right, an unknown sub-tab', () => {
    const reading = readDashboard(loadFixture('qbo-inpage.html'));
    expect(reading.kind).toBe('dashboard');
    expect(reading.provider).toBe('qbo');
    expect(labels(reading.strips?.tabs)).toEqual([
      'SALES',
      'Purchases',
      'Adjustments and COGS',
      'Admin',
      'Errors',
      'Discrepancies',
    ]);
    expect(reading.strips?.tabs.every((tab) => tab.known)).toBe(true);
    expect(reading.strips?.activeTab).toBe('Purchases');
    expect(reading.strips?.activeSubTab).toBe('Purchase Orders');
    const freight = reading.strips?.subTabs.find((sub) => sub.label === 'Freight Bills');
    expect(freight).toMatchObject({ known: false, kind: 'transactions', syncs: true, count: 2 });
    expect(reading.strips?.subTabs.find((sub) => sub.label === 'Purchase Orders')?.count).toBe(4);
  });

  it('reads the WebForms postback dashboard: Telerik-like strips, generated ids, layout tables', () => {
    const reading = readDashboard(loadFixture('webforms-postback.html'));
    expect(reading.kind).toBe('dashboard');
    expect(reading.provider).toBe('xero');
    expect(reading.strips?.tabs).toHaveLength(7);
    expect(reading.strips?.activeTab).toBe('Adjustments & COGS');
    expect(labels(reading.strips?.subTabs)).toEqual(['Adjustments', 'COGS']);
    expect(reading.strips?.activeSubTab).toBe('COGS');
    expect(reading.strips?.subTabs.find((sub) => sub.label === 'COGS')?.kind).toBe('cogs');
  });
});

describe('reading a list', () => {
  it('reads rows of a Xero table with the checkbox on the left', () => {
    const list = readList(loadFixture('xero-inpage.html'));
    expect(list.state).toBe('rows');
    expect(list.rows.map((row) => [row.reference, row.contact, row.date, row.amount])).toEqual([
      ['INV-1001', 'Harbour Cafe Ltd', '03/11/2026', '$1,150.00'],
      ['INV-1002', 'Kauri Outfitters', '04/11/2026', '$240.50'],
      ['INV-1003', 'Tui Traders', '05/11/2026', '$89.99'],
    ]);
    expect(list.rows.every((row) => row.selectable && !row.checked)).toBe(true);
    expect(list.pager).toBeNull();
  });

  it('reads a div grid with checkboxes on the right and notices its pager', () => {
    const doc = loadFixture('qbo-inpage.html');
    const list = readList(doc);
    expect(list.rows.map((row) => row.reference)).toEqual(['PO-2001', 'PO-2002', 'PO-2003', 'PO-2004']);
    expect(list.rows.map((row) => row.checked)).toEqual([false, true, false, false]);
    expect(list.rows[1]).toMatchObject({ contact: 'Pacific Freight', amount: '310.00', date: '2026-11-06' });
    expect(list.pager).toContain('Next');
    expect(findSelectAll(doc)?.target.getAttribute('title')).toBe('Select all');
    expect(rowTicks(doc).filter((row) => row.box !== null)).toHaveLength(4);
  });

  it('reads COGS months with the lock-date warning and skips the pager row', () => {
    const list = readList(loadFixture('webforms-postback.html'));
    expect(list.rows.map((row) => [row.reference, row.amount])).toEqual([
      ['September 2026', '12,840.10'],
      ['October 2026', '15,002.75'],
    ]);
    expect(list.rows[0]?.warning).toMatch(/lock date/);
    expect(list.rows[1]?.warning).toBe('');
    expect(list.pager).not.toBeNull();
  });

  it('says a list is empty by its message, and loading while an overlay shows', () => {
    const empty = readList(loadSmallPage('empty-list'));
    expect(empty).toMatchObject({ state: 'empty', emptyMessage: 'No records to display.', rows: [] });
    expect(readList(loadSmallPage('loading')).state).toBe('loading');
  });

  it('reads the error column of an Errors list', () => {
    const doc = loadFixture('xero-inpage.html');
    const append = (row: string, tag: string, text: string) => {
      const cell = doc.createElement(tag);
      cell.textContent = text;
      doc.querySelector(row)!.append(cell);
    };
    append('thead tr', 'th', 'Errors');
    append('tbody tr', 'td', 'Account code or ID must be specified');
    expect(readList(doc).rows[0]?.error).toBe('Account code or ID must be specified');
  });
});

describe('finding controls by label', () => {
  it('finds upload controls in every rendering and refuses what is not there', () => {
    const xero = loadFixture('xero-inpage.html');
    expect(findControl(xero, 'Upload All')).toMatchObject({ ok: true });
    expect(findControl(xero, 'upload  selected')).toMatchObject({ ok: true });
    expect(findControl(xero, 'Update All')).toEqual({
      ok: false,
      reason: 'No "Update All" button is visible on this sub-tab.',
    });
    const postback = loadFixture('webforms-postback.html');
    const refresh = findControl(postback, 'Refresh Data');
    expect(refresh.ok && refresh.element.id).toBe('ctl00_ContentPlaceHolder1_btnRefresh');
    expect(findControl(loadFixture('qbo-inpage.html'), 'Upload All')).toMatchObject({ ok: true });
  });

  it('will not guess between two equally placed buttons, and reports a disabled one', () => {
    const doc = loadFixture('xero-inpage.html');
    const toolbar = doc.querySelector('.toolbar')!;
    const twin = doc.createElement('button');
    twin.textContent = 'Upload All';
    toolbar.append(twin);
    expect(findControl(doc, 'Upload All')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not guessing/),
    });
    const other = loadFixture('xero-inpage.html');
    other.querySelector('.toolbar button')!.setAttribute('disabled', '');
    expect(findControl(other, 'Upload All')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/disabled/),
    });
  });

  it('finds tabs and sub-tabs to click by label, not the left navigation', () => {
    const doc = loadFixture('xero-inpage.html');
    expect(findTabElement(doc, 'tab', 'Purchases')?.getAttribute('role')).toBe('tab');
    expect(findTabElement(doc, 'subTab', 'customers')?.getAttribute('role')).toBe('tab');
    expect(findTabElement(doc, 'subTab', 'Suppliers')).toBeNull();
    const postback = loadFixture('webforms-postback.html');
    expect(findTabElement(postback, 'subTab', 'Adjustments')?.getAttribute('href')).toContain('RadTabStrip2');
  });
});

describe('other Omni pages', () => {
  it.each([
    ['login', 'login'],
    ['error', 'error'],
    ['v1', 'dashboard-v1'],
    ['connect', 'connect'],
    ['connect-off', 'connect'],
    ['sales-orders', 'other'],
  ] as const)('recognises the %s page as %s', (id, kind) => {
    expect(readPage(loadSmallPage(id)).kind).toBe(kind);
  });

  it('reads whether Omni is connected to the ledger from the Connect page', () => {
    expect(readPage(loadSmallPage('connect'))).toMatchObject({
      provider: 'xero',
      ledgerConnected: true,
      ledgerOrganisation: 'Demo Company (NZ)',
    });
    expect(readPage(loadSmallPage('connect-off'))).toMatchObject({ provider: 'qbo', ledgerConnected: false });
  });
});

describe('the organisation the Connect page names', () => {
  const page = (body: string) => loadHtml(`<h1>Xero Settings</h1>${body}<button>Disconnect</button>`);

  it.each([
    [
      'a description list',
      '<dl><dt>Connected by</dt><dd>Sam</dd><dt>Organisation</dt><dd>Harbour Co</dd></dl>',
    ],
    ['a table', '<table><tr><th>Organization name</th><td>Harbour Co</td></tr></table>'],
    ['a label and its value', '<div><label>Company</label> <span>Harbour Co</span></div>'],
    ['a bold label in a line', '<p><strong>Organisation:</strong> Harbour Co</p>'],
    ['one line', '<p>Organisation: Harbour Co</p>'],
    ['a sentence', '<p>Connected to Xero organisation <b>Harbour Co</b>.</p>'],
    ['a plain sentence', '<div>You are connected to the company Harbour Co.</div>'],
  ])('in %s', (_, body) => {
    expect(readPage(page(body))).toMatchObject({ kind: 'connect', ledgerOrganisation: 'Harbour Co' });
  });

  it('is unknown when the page does not name one', () => {
    expect(readPage(page('<p class="ok">Connected to Xero</p>'))).toMatchObject({
      kind: 'connect',
      ledgerOrganisation: null,
    });
  });
});
