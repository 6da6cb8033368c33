import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeQbo } from './fake-qbo';
import { buildTestProxy, type TestProxy } from './helper';

const REALM = '4620816365000000001';

describe('QuickBooks Online through the proxy', () => {
  let qbo: FakeQbo;
  let proxy: TestProxy;

  beforeEach(async () => {
    qbo = await new FakeQbo([
      {
        realmId: REALM,
        name: 'Craig’s Design and Landscaping',
        bookCloseDate: '2026-03-31',
        customers: [
          { id: '1', name: "Amy's Bird Sanctuary" },
          ...Array.from({ length: 1200 }, (_, i) => ({ id: String(100 + i), name: `Customer ${i}` })),
        ],
        vendors: [{ id: '7', name: 'AMY’S  bird sanctuary' }],
        documents: {
          Invoice: [
            { id: '130', number: '1037' },
            { id: '131', number: '1038' },
            { id: '132', number: '1038' },
          ],
          Bill: [{ id: '201', number: "O'Brien-77" }],
          CreditMemo: [{ id: '301', number: 'CM-1' }],
          VendorCredit: [{ id: '401', number: 'VC-1' }],
          JournalEntry: [{ id: '501', number: 'COGS-2026-06' }],
          Payment: [{ id: '601', number: 'PAY-9' }],
        },
      },
      { realmId: '4620816365000000002', name: 'Other Co' },
    ]).start();
    proxy = await buildTestProxy({ qbo });
    await proxy.connect('qbo');
  });

  afterEach(async () => {
    await proxy.close();
    await qbo.stop();
  });

  it('verifies sales invoices with one IN query', async () => {
    const response = await proxy.app.inject({
      method: 'POST',
      url: '/api/verify',
      headers: proxy.headers,
      payload: { provider: 'qbo', kind: 'sales-invoice', references: ['1037', '1038', '1039'] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      results: [
        { reference: '1037', status: 'found', ledgerIds: ['130'] },
        { reference: '1038', status: 'duplicate', ledgerIds: ['131', '132'] },
        { reference: '1039', status: 'missing', ledgerIds: [] },
      ],
      calls: 1,
    });
    expect(qbo.queries).toEqual([
      "select Id, DocNumber from Invoice where DocNumber in ('1037', '1038', '1039') STARTPOSITION 1 MAXRESULTS 1000",
    ]);
  });

  it('verifies every other kind against its QBO entity, quotes escaped', async () => {
    const cases = [
      ['bill', "O'Brien-77", '201'],
      ['credit-note', 'CM-1', '301'],
      ['supplier-credit', 'VC-1', '401'],
      ['manual-journal', 'COGS-2026-06', '501'],
      ['payment', 'PAY-9', '601'],
    ] as const;
    for (const [kind, reference, id] of cases) {
      const response = await proxy.app.inject({
        method: 'POST',
        url: '/api/verify',
        headers: proxy.headers,
        payload: { provider: 'qbo', kind, references: [reference] },
      });
      expect(response.json().results, kind).toEqual([{ reference, status: 'found', ledgerIds: [id] }]);
    }
    expect(qbo.violations).toEqual([]);
  });

  it('checks contacts across customers and suppliers, paging past 1,000', async () => {
    const response = await proxy.app.inject({
      method: 'POST',
      url: '/api/contacts/check',
      headers: proxy.headers,
      payload: { provider: 'qbo', names: ["amy's bird sanctuary", 'Customer 1150', 'New Customer'] },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.results[0].matches).toEqual([
      { id: 'customer:1', name: "Amy's Bird Sanctuary", exact: false },
    ]);
    expect(body.results[1].matches).toEqual([{ id: 'customer:1250', name: 'Customer 1150', exact: true }]);
    expect(body.results[2].matches).toEqual([]);
    expect(body.calls).toBe(3);
  });

  it('reads the closing date as the lock date', async () => {
    const response = await proxy.app.inject({
      method: 'GET',
      url: '/api/lock-date?provider=qbo',
      headers: proxy.headers,
    });
    expect(response.json()).toEqual({ lockDate: '2026-03-31', endOfYearLockDate: null });
  });

  it('batches thousands of references into a few queries within QBO limits', async () => {
    const references = Array.from({ length: 3000 }, (_, i) => `DOC-${i}`);
    const response = await proxy.app.inject({
      method: 'POST',
      url: '/api/verify',
      headers: proxy.headers,
      payload: { provider: 'qbo', kind: 'sales-invoice', references },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().calls).toBeLessThanOrEqual(30);
    expect(qbo.gate.peakInFlight).toBeLessThanOrEqual(10);
    expect(qbo.violations).toEqual([]);
  });
});
