import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeXero, parseWhereEquals } from './fake-xero';
import { XERO_OPENAPI_FILE } from './xero-openapi';

describe('the fake Xero itself', () => {
  let xero: FakeXero;
  let accessToken: string;
  let tenantId: string;

  beforeAll(async () => {
    xero = await FakeXero.withOfficialShape({ organisations: [{ name: 'Shape Co' }] }).start();
    tenantId = xero.tenantIds()[0] ?? '';
    const { code } = xero.identity.approve([tenantId], 'http://localhost/cb', 'offline_access');
    const tokens = xero.identity.exchangeCode(code, 'http://localhost/cb');
    if ('error' in tokens) throw new Error(tokens.error);
    accessToken = tokens.access_token;
  });
  afterAll(() => xero.stop());

  const get = (pathAndQuery: string, headers: Record<string, string> = {}) =>
    fetch(`${xero.url}/api.xro/2.0${pathAndQuery}`, {
      headers: { authorization: `Bearer ${accessToken}`, 'xero-tenant-id': tenantId, ...headers },
    });

  it('checks requests against the official description when it is present', async () => {
    expect(xero.checksAgainstOpenApi).toBe(fs.existsSync(XERO_OPENAPI_FILE));
    if (!xero.checksAgainstOpenApi) return;
    expect((await get('/Invoices?InvoiceNumbers=A&pageSize=10')).status).toBe(200);
    expect((await get('/CreditNotes?CreditNoteNumbers=A')).status).toBe(400);
    expect((await get('/Invoicez')).status).toBe(400);
    expect(xero.violations).toEqual([
      'GET /CreditNotes has no query parameter "CreditNoteNumbers"',
      'GET /Invoicez is not in the Xero OpenAPI description',
    ]);
  });

  it('refuses page sizes over 1,000 and unknown tokens', async () => {
    expect((await get('/Invoices?pageSize=1001')).status).toBe(400);
    expect((await get('/Invoices', { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('parses only OR-of-equality where clauses', () => {
    expect(parseWhereEquals('Reference=="A \\"1\\"" OR Reference=="B"')).toEqual({
      field: 'Reference',
      values: ['A "1"', 'B'],
    });
    expect(parseWhereEquals('Reference=="A" AND Status=="PAID"')).toBeUndefined();
    expect(parseWhereEquals('Reference.StartsWith("A")')).toBeUndefined();
  });
});
