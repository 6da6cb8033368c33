import { describe, expect, it } from 'vitest';
import { confirmControls, listAreaTexts } from './actions';
import { loadFixture, loadHtml } from './fixtures';
import {
  describeList,
  findDialogConfirm,
  findSelectAll,
  isTicked,
  pageOutline,
  readList,
  readPager,
  rowTicks,
} from './index';

const tabs = `<h1>Xero V2 Accounting Dashboard</h1>
<div role="tablist"><button role="tab" aria-selected="true">Sales</button><button role="tab">Purchases</button><button role="tab">Errors</button></div>
<div role="tablist"><button role="tab">Customers</button><button role="tab" aria-selected="true">Invoices</button></div>`;

const page = (body: string) => loadHtml(`<!doctype html><html><body>${tabs}${body}</body></html>`);

describe('a list found by its structure, whatever its header words', () => {
  it('an ARIA grid with ARIA tick boxes and headers no pattern knows: identities, fields by shape, ticks', () => {
    const doc =
      page(`<div class="toolbar"><span role="button">Upload All</span><span role="button">Upload Selected</span></div>
      <div role="grid">
        <div role="row"><span role="columnheader"><span role="checkbox" aria-checked="false" aria-label="All rows"></span></span>
          <span role="columnheader">Document</span><span role="columnheader">Party</span><span role="columnheader">When</span>
          <span role="columnheader">Sum</span><span role="columnheader">Notes</span></div>
        <div role="row"><span role="gridcell"><span role="checkbox" aria-checked="true"></span></span><span role="gridcell">INV-1001</span>
          <span role="gridcell">Harbour Cafe Ltd</span><span role="gridcell">03/11/2026</span><span role="gridcell">1,150.00</span><span role="gridcell"></span></div>
        <div role="row"><span role="gridcell"><span role="checkbox" aria-checked="false"></span></span><span role="gridcell">INV-1002</span>
          <span role="gridcell">Harbour Cafe Ltd</span><span role="gridcell">04/11/2026</span><span role="gridcell">240.50</span>
          <span role="gridcell">Organization is not subscribed to currency GBP</span></div>
      </div>`);
    const list = readList(doc);
    expect(list.state).toBe('rows');
    // Named the reference by its values' shape: document numbers, distinct.
    expect(list.identity).toBe('reference');
    expect(list.rows.map((row) => [row.reference, row.date, row.amount, row.checked])).toEqual([
      ['INV-1001', '03/11/2026', '1,150.00', true],
      ['INV-1002', '04/11/2026', '240.50', false],
    ]);
    expect(list.rows[1]?.error).toBe('Organization is not subscribed to currency GBP');
    expect(list.rows[0]?.contact).toBe('Harbour Cafe Ltd');
    const selectAll = findSelectAll(doc);
    expect(selectAll?.kind).toBe('aria-checkbox');
    expect(selectAll && isTicked(selectAll)).toBe(false);
  });

  it('visually hidden native boxes inside labels, named after their row: the name identifies the row', () => {
    const doc = page(`<table><thead><tr><th></th><th>Item</th><th>Value</th></tr></thead><tbody>
      <tr><td><label><input type="checkbox" style="position:absolute;opacity:0"><span class="box"></span><span class="sr">Select PMT-1</span></label></td><td>Payment</td><td>10.00</td></tr>
      <tr><td><label><input type="checkbox" checked style="position:absolute;opacity:0"><span class="box"></span><span class="sr">Select PMT-2</span></label></td><td>Payment</td><td>20.00</td></tr>
      </tbody></table><button>Upload</button>`);
    const list = readList(doc);
    expect(list.identity).toBe('tick-name');
    expect(list.rows.map((row) => [row.reference, row.checked, row.selectable])).toEqual([
      ['PMT-1', false, true],
      ['PMT-2', true, true],
    ]);
    expect(rowTicks(doc).map((row) => row.box?.kind)).toEqual(['native', 'native']);
  });

  it('rows selected by aria-selected, without any tick box', () => {
    const doc = page(`<div role="grid" aria-multiselectable="true">
      <div role="row"><div role="columnheader">Ref.</div><div role="columnheader">Client</div></div>
      <div role="row" aria-selected="false"><div role="gridcell">CN-7</div><div role="gridcell">Tui Traders</div></div>
      <div role="row" aria-selected="true"><div role="gridcell">CN-8</div><div role="gridcell">Kauri Ltd</div></div>
      </div><button>Upload All</button>`);
    const ticks = rowTicks(doc);
    expect(ticks.map((row) => [row.reference, row.box?.kind, row.checked])).toEqual([
      ['CN-7', 'aria-selected-row', false],
      ['CN-8', 'aria-selected-row', true],
    ]);
    expect(ticks[0]?.box?.target.textContent).toBe('CN-7');
  });

  it('a row counter is never an identity; a contact list without a known header is told apart by its names', () => {
    const doc = page(`<table><tr><th>#</th><th></th><th>Company</th><th>E-mail</th></tr>
      <tr><td>1</td><td><input type="checkbox"></td><td>Harbour Cafe Ltd</td><td>a@harbour.nz</td></tr>
      <tr><td>2</td><td><input type="checkbox"></td><td>Tui Traders</td><td>b@tui.nz</td></tr></table><button>Upload</button>`);
    const list = readList(doc);
    expect(list.rows.map((row) => row.reference)).toEqual(['Harbour Cafe Ltd', 'Tui Traders']);
  });

  it('two rows that read the same are a problem to stop on, not a guess', () => {
    const doc = page(`<table><tr><th></th><th>Thing</th><th>Amount</th></tr>
      <tr><td><input type="checkbox"></td><td>Freight</td><td>10.00</td></tr>
      <tr><td><input type="checkbox"></td><td>Freight</td><td>10.00</td></tr></table><button>Upload All</button>`);
    expect(readList(doc).problem).toMatch(/^Two rows of this list read the same \("Freight · 10.00"\)/);
  });

  it('the list nested in layout tables, beside a small legend table, is the one with tick boxes and the upload controls', () => {
    const doc = page(`<table class="layout"><tr><td>
        <table class="legend"><tr><th>Colour</th><th>Meaning</th></tr><tr><td>Red</td><td>Error</td></tr><tr><td>Amber</td><td>Warning</td></tr></table>
      </td><td><table class="layout-inner"><tr><td>
        <input type="submit" value="Upload All"><input type="submit" value="Upload Selected">
        <table class="list"><tr><th><input type="checkbox"></th><th>Invoice No.</th><th>Customer</th></tr>
          <tr><td><input type="checkbox"></td><td>INV-1</td><td>Tui</td></tr></table>
      </td></tr></table></td></tr></table>`);
    const list = readList(doc);
    expect(list.rows.map((row) => row.reference)).toEqual(['INV-1']);
    expect(list.columns).toEqual(['', 'Invoice No.', 'Customer']);
  });

  it('a spinner drawn by CSS alone, without text or ARIA, is a page still working', () => {
    expect(readList(page('<div class="k-loading-spinner"></div><button>Upload All</button>')).state).toBe(
      'loading',
    );
  });

  it('an empty list without any grid is empty by its message; a page with no list it can read is missing', () => {
    expect(
      readList(page('<p class="none">Nothing to upload right now.</p><button>Upload All</button>')).state,
    ).toBe('empty');
    expect(readList(page('<ul class="cards"><li>INV-1</li></ul><button>Upload All</button>')).state).toBe(
      'missing',
    );
  });
});

describe('pagers', () => {
  const grid = (rows: number) =>
    `<table><tr><th></th><th>Reference</th></tr>${Array.from(
      { length: rows },
      (_, i) => `<tr><td><input type="checkbox"></td><td>INV-${i + 1}</td></tr>`,
    ).join('')}</table>`;

  it('symbols named by aria-label, a range text and a rows-per-page select', () => {
    const doc = page(`<div>${grid(3)}<div class="foot">
      <a href="#" aria-label="Previous page">‹</a><a href="#" aria-label="Next page">›</a>
      <span>4–6 of 10</span><label>Rows <select><option>3</option><option>10</option><option>50</option></select></label></div></div>`);
    const pager = readPager(doc)!;
    expect(pager.next?.getAttribute('aria-label')).toBe('Next page');
    expect(pager.previous).not.toBeNull();
    expect(pager).toMatchObject({ page: 2, total: 10, pages: 4 });
    expect(pager.pageSize).toMatchObject({ value: 3, options: [3, 10, 50] });
    expect(readList(doc).pager).toBe('4–6 of 10');
  });

  it('numbered pages with the current one as plain text, a disabled "Next", and "Show more"', () => {
    const numbered = page(
      `<div>${grid(2)}<nav><span>1</span> <a href="#">2</a> <a href="#">3</a> <button disabled>Next ›</button></nav></div>`,
    );
    const pager = readPager(numbered)!;
    expect(pager.page).toBe(1);
    expect([...pager.pageLinks.keys()]).toEqual([2, 3]);
    // The "Next" button is disabled: the way forward is the next page's number.
    expect(pager.next?.textContent).toBe('2');
    const more = page(`<div>${grid(2)}<p>Showing 2 of 9</p><button>Load more</button></div>`);
    expect(readPager(more)).toMatchObject({ total: 9, next: null });
    expect(readPager(more)?.showMore?.textContent).toBe('Load more');
  });

  it('no pager on a list that shows everything', () => {
    expect(readPager(page(`<div>${grid(2)}<button>Upload All</button></div>`))).toBeNull();
  });
});

describe('select-all, dialogs and messages', () => {
  it('a select-all above the grid is used only when its name says so', () => {
    const labelled =
      page(`<div><label><input type="checkbox" id="a"> Select all</label><button>Upload All</button>
      <table><tr><th>Ref</th></tr><tr><td><input type="checkbox"> INV-1</td></tr></table></div>`);
    expect(findSelectAll(labelled)?.target.id).toBe('a');
    const unnamed = page(`<div><input type="checkbox" id="archived"><button>Upload All</button>
      <table><tr><th>Ref</th></tr><tr><td><input type="checkbox"> INV-1</td></tr></table></div>`);
    expect(findSelectAll(unnamed)).toBeNull();
  });

  it('a confirm box without ARIA that the upload opened: its OK, not the toolbar', async () => {
    const doc = page(`<div class="tools"><button>Upload All</button></div>
      <table><tr><th>Ref</th></tr><tr><td><input type="checkbox"> INV-1</td></tr></table>`);
    const before = confirmControls(doc);
    // The page draws its dialog in a task of its own, after the click.
    await Promise.resolve();
    doc.body.insertAdjacentHTML(
      'beforeend',
      '<div class="sheet"><p>Send 1 item to Xero?</p><button>Yes, upload</button><button>No</button></div>',
    );
    expect(findDialogConfirm(doc, before)?.textContent).toBe('Yes, upload');
    expect(findDialogConfirm(doc)).toBeNull();
  });

  it('texts new beside the list after an upload are what Omni said, however it drew them', async () => {
    const doc = page(`<section><button>Upload All</button>
      <table><tr><th>Ref</th></tr><tr><td><input type="checkbox"> INV-1</td></tr></table></section>`);
    const before = listAreaTexts(doc);
    await Promise.resolve();
    doc
      .querySelector('section')!
      .insertAdjacentHTML('afterbegin', '<p class="feedback">1 item uploaded to Xero.</p>');
    expect([...listAreaTexts(doc)].filter((text) => !before.has(text))).toEqual(['1 item uploaded to Xero.']);
  });
});

describe('what the reader saw, for people', () => {
  it('the page outline has structure and labels, and none of the rows’ values', () => {
    const doc = loadFixture('xero-inpage.html');
    const outline = pageOutline(doc);
    expect(outline).toContain('Read as: dashboard (xero)');
    expect(outline).toMatch(/First row of tabs: Sales \[open\], Purchases/);
    expect(outline).toContain('"Invoice #"');
    expect(outline).toMatch(/3 data rows/);
    expect(outline).toContain('"Upload All"');
    for (const value of ['INV-1001', 'Harbour Cafe', '1,150.00', '03/11/2026', 'Kauri', '240.50'])
      expect(outline).not.toContain(value);
  });

  it('a one-line description for a step that cannot read its list', () => {
    expect(describeList(loadFixture('xero-inpage.html'))).toMatch(
      /^\d+ grids? on the page; the likeliest list: <table[^>]*>; header of \d+ cells: .*"Invoice #".*; 3 data rows/,
    );
  });
});
