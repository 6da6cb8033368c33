import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorBodySchema } from '../../lib/proxy-api';
import { XeroProvider } from '../plugins/xero';
import { FakeXero } from './fake-xero';
import { buildTestProxy, type TestProxy } from './helper';

type Case = {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  payload?: unknown;
  field: RegExp;
  raw?: string;
};

const badRequests: Case[] = [
  { name: 'verify: no body', method: 'POST', url: '/api/verify', field: /body/ },
  {
    name: 'verify: provider missing',
    method: 'POST',
    url: '/api/verify',
    payload: { kind: 'bill', references: ['A'] },
    field: /provider/,
  },
  {
    name: 'verify: unknown provider',
    method: 'POST',
    url: '/api/verify',
    payload: { provider: 'sage', kind: 'bill', references: ['A'] },
    field: /provider/,
  },
  {
    name: 'verify: unknown kind',
    method: 'POST',
    url: '/api/verify',
    payload: { provider: 'xero', kind: 'quote', references: ['A'] },
    field: /kind/,
  },
  {
    name: 'verify: references not a list',
    method: 'POST',
    url: '/api/verify',
    payload: { provider: 'xero', kind: 'bill', references: 'A,B' },
    field: /references/,
  },
  {
    name: 'verify: empty list',
    method: 'POST',
    url: '/api/verify',
    payload: { provider: 'xero', kind: 'bill', references: [] },
    field: /references/,
  },
  {
    name: 'verify: blank reference',
    method: 'POST',
    url: '/api/verify',
    payload: { provider: 'xero', kind: 'bill', references: ['A', '  '] },
    field: /references\.1/,
  },
  {
    name: 'verify: number reference',
    method: 'POST',
    url: '/api/verify',
    payload: { provider: 'xero', kind: 'bill', references: [42] },
    field: /references\.0/,
  },
  {
    name: 'verify: reference too long',
    method: 'POST',
    url: '/api/verify',
    payload: { provider: 'xero', kind: 'bill', references: ['x'.repeat(256)] },
    field: /references\.0/,
  },
  {
    name: 'verify: too many references',
    method: 'POST',
    url: '/api/verify',
    payload: {
      provider: 'xero',
      kind: 'bill',
      references: Array.from({ length: 10_001 }, (_, i) => `R${i}`),
    },
    field: /references/,
  },
  {
    name: 'verify: 255 non-ASCII characters, too long once URL-encoded',
    method: 'POST',
    url: '/api/verify',
    payload: { provider: 'xero', kind: 'sales-invoice', references: ['INV-1', '€'.repeat(255)] },
    field: /references: "€+…" is too long to look up/,
  },
  { name: 'verify: not JSON', method: 'POST', url: '/api/verify', raw: '{"provider":', field: /JSON/i },
  {
    name: 'contacts: names missing',
    method: 'POST',
    url: '/api/contacts/check',
    payload: { provider: 'xero' },
    field: /names/,
  },
  {
    name: 'contacts: name not text',
    method: 'POST',
    url: '/api/contacts/check',
    payload: { provider: 'xero', names: [null] },
    field: /names\.0/,
  },
  {
    name: 'contacts: unknown provider',
    method: 'POST',
    url: '/api/contacts/check',
    payload: { provider: 'myob', names: ['A'] },
    field: /provider/,
  },
  { name: 'lock date: provider missing', method: 'GET', url: '/api/lock-date', field: /provider/ },
  {
    name: 'lock date: unknown provider',
    method: 'GET',
    url: '/api/lock-date?provider=sage',
    field: /provider/,
  },
  { name: 'connect: unknown provider', method: 'GET', url: '/api/connect/sage', field: /provider/ },
  {
    name: 'disconnect: not a connection id',
    method: 'DELETE',
    url: '/api/connections/..%2F..%2Fetc',
    field: /id: must be a connection id/,
  },
];

describe('bad input to every route', () => {
  let xero: FakeXero;
  let proxy: TestProxy;

  beforeAll(async () => {
    xero = await new FakeXero({ organisations: [{ name: 'Input Co' }] }).start();
    proxy = await buildTestProxy({ xero });
    await proxy.connect('xero');
  });
  afterAll(async () => {
    await proxy.close();
    await xero.stop();
  });

  for (const testCase of badRequests) {
    it(`400 naming the field — ${testCase.name}`, async () => {
      const response = await proxy.app.inject({
        method: testCase.method,
        url: testCase.url,
        headers: {
          ...proxy.headers,
          ...(testCase.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(testCase.raw !== undefined
          ? { payload: testCase.raw }
          : testCase.payload !== undefined
            ? { payload: testCase.payload as object }
            : {}),
      });
      expect(response.statusCode).toBe(400);
      const body = errorBodySchema.parse(response.json());
      expect(body.error).toBe('bad_request');
      expect(body.message).toMatch(testCase.field);
    });
  }

  it('unknown callback provider gets a page, not a stack', async () => {
    const response = await proxy.app.inject({ method: 'GET', url: '/api/callback/sage?state=x&code=y' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('text/html');
  });
});

describe('clear answers when a provider is missing', () => {
  let proxy: TestProxy;
  beforeAll(async () => {
    proxy = await buildTestProxy();
  });
  afterAll(() => proxy.close());

  it('409 when no connection exists for the provider', async () => {
    const requests = [
      {
        method: 'POST' as const,
        url: '/api/verify',
        payload: { provider: 'qbo', kind: 'bill', references: ['A'] },
      },
      { method: 'POST' as const, url: '/api/contacts/check', payload: { provider: 'xero', names: ['A'] } },
      { method: 'GET' as const, url: '/api/lock-date?provider=xero' },
    ];
    for (const request of requests) {
      const response = await proxy.app.inject({ ...request, headers: proxy.headers });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toBe('no_connection');
      expect(response.json().message).toMatch(/Connect (Xero|QuickBooks Online)/);
    }
  });

  it('409 "client id not configured" when connecting without credentials', async () => {
    const xero = await proxy.app.inject({ method: 'GET', url: '/api/connect/xero', headers: proxy.headers });
    expect(xero.statusCode).toBe(409);
    expect(xero.json()).toEqual({
      error: 'not_configured',
      message: expect.stringContaining('Xero client id not configured'),
    });
    const qbo = await proxy.app.inject({ method: 'GET', url: '/api/connect/qbo', headers: proxy.headers });
    expect(qbo.json().message).toContain('QBO_CLIENT_ID');
  });
});

describe('5xx hides internals', () => {
  it('answers a generic 500 when something unexpected breaks', async () => {
    const xero = await new FakeXero({ organisations: [{ name: 'Broken Co' }] }).start();
    const proxy = await buildTestProxy({ xero });
    try {
      await proxy.connect('xero');
      // Break the provider the app holds, as a bug would: its message must not reach the extension.
      vi.spyOn(XeroProvider.prototype, 'lockDates').mockRejectedValueOnce(
        new Error(`SQLITE_CORRUPT at /home/user/.data/proxy.sqlite key=${proxy.pairingKey}`),
      );
      const response = await proxy.app.inject({
        method: 'GET',
        url: '/api/lock-date?provider=xero',
        headers: proxy.headers,
      });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        error: 'internal_error',
        message: 'Internal error; see the proxy log.',
      });
      expect(proxy.logLines.join('')).not.toContain(proxy.pairingKey);
    } finally {
      vi.restoreAllMocks();
      await proxy.close();
      await xero.stop();
    }
  });
});
