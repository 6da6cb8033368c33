import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusResponseSchema, verifyResponseSchema } from '../../lib/proxy-api';
import { FakeXero } from './fake-xero';
import { buildTestProxy, type TestProxy } from './helper';

describe('Xero through the proxy', () => {
  let xero: FakeXero;
  let proxy: TestProxy;

  beforeEach(async () => {
    xero = await FakeXero.withOfficialShape({
      organisations: [
        {
          name: 'Demo <Company> & Co',
          periodLockDate: '2026-06-30',
          endOfYearLockDate: '2025-12-31',
          contacts: [
            { id: 'c-1', name: 'Acme Ltd' },
            { id: 'c-2', name: 'ACME  ltd' },
            { id: 'c-3', name: 'Bolt Supplies' },
          ],
          invoices: [
            { id: 'i-1', number: 'INV-1001', type: 'ACCREC' },
            { id: 'i-2', number: 'INV-1002', type: 'ACCREC' },
            { id: 'i-3', number: 'INV-1002', type: 'ACCREC' },
            { id: 'i-4', number: 'INV-1003', type: 'ACCREC', status: 'VOIDED' },
            { id: 'b-1', number: 'INV-1001', type: 'ACCPAY' },
            { id: 'i-5', number: 'INV,2026', type: 'ACCREC' },
          ],
          creditNotes: [{ id: 'cn-1', number: 'CN-1', type: 'ACCRECCREDIT' }],
          manualJournals: [{ id: 'mj-1', number: 'COGS June 2026' }],
          payments: [{ id: 'p-1', number: 'PAY "1"' }],
        },
      ],
    }).start();
    proxy = await buildTestProxy({ xero });
  });

  afterEach(async () => {
    await proxy.close();
    await xero.stop();
  });

  it('connects, then shows the organisation in the status', async () => {
    const page = await proxy.connect('xero');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Demo &#60;Company&#62; &#38; Co');
    expect(page.body).not.toContain('<Company>');

    const status = await proxy.app.inject({ method: 'GET', url: '/api/status', headers: proxy.headers });
    expect(status.statusCode).toBe(200);
    const body = statusResponseSchema.parse(status.json());
    expect(body.connections).toHaveLength(1);
    expect(body.connections[0]).toMatchObject({
      provider: 'xero',
      organisationName: 'Demo <Company> & Co',
      tenantId: xero.tenantIds()[0],
      state: 'connected',
      lastError: null,
    });
  });

  it('verifies invoices: found once, missing, found twice; voided and bills do not count', async () => {
    await proxy.connect('xero');
    const response = await proxy.app.inject({
      method: 'POST',
      url: '/api/verify',
      headers: proxy.headers,
      payload: {
        provider: 'xero',
        kind: 'sales-invoice',
        references: ['INV-1001', 'inv-1002', 'INV-1003', 'INV-9999'],
      },
    });
    expect(response.statusCode).toBe(200);
    const body = verifyResponseSchema.parse(response.json());
    expect(body.results).toEqual([
      { reference: 'INV-1001', status: 'found', ledgerIds: ['i-1'] },
      { reference: 'inv-1002', status: 'duplicate', ledgerIds: ['i-2', 'i-3'] },
      { reference: 'INV-1003', status: 'missing', ledgerIds: [] },
      { reference: 'INV-9999', status: 'missing', ledgerIds: [] },
    ]);
    expect(body.calls).toBe(1);
    expect(xero.violations).toEqual([]);
  });

  it('verifies every other kind through where-clauses Xero accepts', async () => {
    await proxy.connect('xero');
    const cases = [
      { kind: 'bill', reference: 'INV-1001', id: 'b-1' },
      // A comma would split InvoiceNumbers, so this one must go through `where`.
      { kind: 'sales-invoice', reference: 'INV,2026', id: 'i-5' },
      { kind: 'credit-note', reference: 'CN-1', id: 'cn-1' },
      { kind: 'manual-journal', reference: 'COGS June 2026', id: 'mj-1' },
      { kind: 'payment', reference: 'PAY "1"', id: 'p-1' },
    ];
    for (const { kind, reference, id } of cases) {
      const response = await proxy.app.inject({
        method: 'POST',
        url: '/api/verify',
        headers: proxy.headers,
        payload: { provider: 'xero', kind, references: [reference, 'NOPE-1'] },
      });
      expect(response.statusCode, kind).toBe(200);
      expect(response.json().results, kind).toEqual([
        { reference, status: 'found', ledgerIds: [id] },
        { reference: 'NOPE-1', status: 'missing', ledgerIds: [] },
      ]);
    }
    expect(xero.violations).toEqual([]);
  });

  it('finds existing contacts exactly and ignoring case and spaces', async () => {
    await proxy.connect('xero');
    const response = await proxy.app.inject({
      method: 'POST',
      url: '/api/contacts/check',
      headers: proxy.headers,
      payload: { provider: 'xero', names: ['Acme Ltd', 'bolt   supplies', 'Nobody'] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().results).toEqual([
      {
        name: 'Acme Ltd',
        matches: [
          { id: 'c-1', name: 'Acme Ltd', exact: true },
          { id: 'c-2', name: 'ACME  ltd', exact: false },
        ],
      },
      { name: 'bolt   supplies', matches: [{ id: 'c-3', name: 'Bolt Supplies', exact: false }] },
      { name: 'Nobody', matches: [] },
    ]);
    expect(xero.violations).toEqual([]);
  });

  it('reads the lock dates', async () => {
    await proxy.connect('xero');
    const response = await proxy.app.inject({
      method: 'GET',
      url: '/api/lock-date?provider=xero',
      headers: proxy.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ lockDate: '2026-06-30', endOfYearLockDate: '2025-12-31' });
  });

  it('records calls left today from Xero headers', async () => {
    await proxy.connect('xero');
    await proxy.app.inject({ method: 'GET', url: '/api/lock-date?provider=xero', headers: proxy.headers });
    const status = await proxy.app.inject({ method: 'GET', url: '/api/status', headers: proxy.headers });
    expect(status.json().connections[0].callsLeftToday).toBe(4999);
  });
});

describe('Xero paging', () => {
  let xero: FakeXero;
  let proxy: TestProxy;

  afterEach(async () => {
    await proxy.close();
    await xero.stop();
  });

  async function setUp(options: { maxPageSize: number; omitPagination?: boolean }) {
    xero = await FakeXero.withOfficialShape({
      organisations: [
        {
          name: 'Paged Co',
          contacts: Array.from({ length: 250 }, (_, i) => ({ id: `c-${i}`, name: `Contact ${i}` })),
          invoices: Array.from({ length: 300 }, (_, i) => ({
            id: `i-${i}`,
            number: `INV-${i}`,
            type: 'ACCREC' as const,
          })),
        },
      ],
      ...options,
    }).start();
    proxy = await buildTestProxy({ xero });
    await proxy.connect('xero');
  }

  const checkContacts = () =>
    proxy.app.inject({
      method: 'POST',
      url: '/api/contacts/check',
      headers: proxy.headers,
      payload: { provider: 'xero', names: ['Contact 5', 'Contact 240'] },
    });

  it('follows the pagination object when Xero serves fewer items a page than asked', async () => {
    await setUp({ maxPageSize: 100 });
    const contacts = await checkContacts();
    expect(contacts.json().results.map((r: { matches: unknown[] }) => r.matches.length)).toEqual([1, 1]);
    expect(contacts.json().calls).toBe(3);

    const references = Array.from({ length: 300 }, (_, i) => `INV-${i}`);
    const verify = await proxy.app.inject({
      method: 'POST',
      url: '/api/verify',
      headers: proxy.headers,
      payload: { provider: 'xero', kind: 'sales-invoice', references },
    });
    const statuses = verify.json().results.map((r: { status: string }) => r.status);
    expect(statuses.filter((status: string) => status === 'found')).toHaveLength(300);
    expect(xero.violations).toEqual([]);
  });

  it('without a pagination object, reads on until an empty page', async () => {
    await setUp({ maxPageSize: 100, omitPagination: true });
    const contacts = await checkContacts();
    expect(contacts.json().results.map((r: { matches: unknown[] }) => r.matches.length)).toEqual([1, 1]);
    expect(contacts.json().calls).toBe(4);
  });
});
