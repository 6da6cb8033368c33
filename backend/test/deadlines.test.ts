import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../app';
import { CALLS_PER_REQUEST } from '../plugins/connections';
import { FakeQbo } from './fake-qbo';
import { FakeXero } from './fake-xero';
import { buildTestProxy, type TestProxy } from './helper';

const invoiceNumbers = (count: number) =>
  Array.from({ length: count }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Real time plus an offset the test moves forward, shared by the proxy and the fakes. */
function offsetClock() {
  const clock = {
    offsetMs: 0,
    now: () => Date.now() + clock.offsetMs,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  };
  return clock;
}

describe('every request has a deadline and a budget', () => {
  let xero: FakeXero | undefined;
  let qbo: FakeQbo | undefined;
  let proxy: TestProxy | undefined;

  afterEach(async () => {
    await proxy?.close();
    await xero?.stop();
    await qbo?.stop();
    proxy = undefined;
    xero = undefined;
    qbo = undefined;
  });

  async function xeroProxy(options: { latencyMs?: number; requestDeadlineMs?: number } = {}) {
    const clock = offsetClock();
    xero = await FakeXero.withOfficialShape({
      organisations: [
        {
          name: 'Deadline Co',
          invoices: invoiceNumbers(2000).map((number) => ({ number, type: 'ACCREC' as const })),
        },
      ],
      latencyMs: options.latencyMs,
      now: clock.now,
    }).start();
    proxy = await buildTestProxy({ xero, clock, requestDeadlineMs: options.requestDeadlineMs });
    await proxy.connect('xero');
    return { xero, proxy, clock };
  }

  const verifyPayload = (references: string[]) => ({
    provider: 'xero',
    kind: 'sales-invoice',
    references,
  });

  it('the first failing batch cancels the batches still to come', async () => {
    const { xero, proxy } = await xeroProxy({ latencyMs: 300 });
    xero.failNextApiCalls = 1;
    const response = await proxy.app.inject({
      method: 'POST',
      url: '/api/verify',
      headers: proxy.headers,
      payload: verifyPayload(invoiceNumbers(2000)),
    });
    expect(response.statusCode).toBe(502);
    await sleep(1000);
    // 14 batches; the first five went out together, the other nine never did.
    expect(xero.requests.length).toBe(5);
  });

  it('a client that goes away cancels its calls', async () => {
    const { xero, proxy } = await xeroProxy({ latencyMs: 400 });
    await proxy.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = proxy.app.server.address() as AddressInfo;
    const client = new AbortController();
    const answer = fetch(`http://127.0.0.1:${port}/api/verify`, {
      method: 'POST',
      headers: { ...proxy.headers, 'content-type': 'application/json' },
      body: JSON.stringify(verifyPayload(invoiceNumbers(2000))),
      signal: client.signal,
    }).catch((error: unknown) => error);
    await sleep(150);
    client.abort();
    expect(await answer).toBeInstanceOf(Error);
    await sleep(1500);
    expect(xero.requests.length).toBe(5);
    expect(proxy.logLines.join('\n')).toContain('client closed the request');
  });

  it('a request answered in full is not taken for one the client abandoned', async () => {
    const { proxy } = await xeroProxy();
    await proxy.app.inject({ method: 'GET', url: '/api/status', headers: proxy.headers });
    await proxy.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = proxy.app.server.address() as AddressInfo;
    const answer = await fetch(`http://127.0.0.1:${port}/api/status`, { headers: proxy.headers });
    expect(answer.status).toBe(200);
    await answer.text();
    await sleep(100);
    expect(proxy.logLines.join('\n')).not.toContain('client closed');
  });

  it('stops a request at its deadline', async () => {
    const { proxy } = await xeroProxy({ latencyMs: 2000, requestDeadlineMs: 300 });
    const started = Date.now();
    const response = await proxy.app.inject({
      method: 'POST',
      url: '/api/verify',
      headers: proxy.headers,
      payload: verifyPayload(invoiceNumbers(10)),
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(response.statusCode).toBe(504);
    expect(response.json()).toMatchObject({ error: 'provider_unavailable', message: /longer than/ });
  });

  it('reads the largest body the schema accepts, then refuses its cost before calling Xero', async () => {
    const { xero, proxy } = await xeroProxy();
    // 10,000 references of 255 characters, each sent as a six-byte JSON escape.
    const references = Array.from(
      { length: 10_000 },
      (_, i) => `${String(i).padStart(5, '0')}${'\u0001'.repeat(250)}`,
    );
    const body = JSON.stringify(verifyPayload(references));
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(BODY_LIMIT_BYTES);
    expect(Buffer.byteLength(body)).toBeGreaterThan(15_000_000);
    const response = await proxy.app.inject({
      method: 'POST',
      url: '/api/verify',
      headers: { ...proxy.headers, 'content-type': 'application/json' },
      payload: body,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(
      new RegExp(
        `more than the ${CALLS_PER_REQUEST.xero} one request may make. Send at most about \\d+ at a time`,
      ),
    );
    expect(xero.requests).toEqual([]);
  });

  it('keeps the Fastify request timeout', async () => {
    const { proxy } = await xeroProxy();
    expect(proxy.app.server.requestTimeout).toBeGreaterThan(0);
  });

  it("Xero's daily limit pauses the organisation: later requests fail at once, without calling Xero", async () => {
    const { xero, proxy } = await xeroProxy();
    xero.forcedRateLimits = { remaining: 1, retryAfterSeconds: 5 * 3600, problem: 'day' };
    const verify = () =>
      proxy.app.inject({
        method: 'POST',
        url: '/api/verify',
        headers: proxy.headers,
        payload: verifyPayload(['INV-000001']),
      });
    const first = await verify();
    expect(first.statusCode).toBe(429);
    expect(first.json().message).toMatch(/daily call limit reached; try again in 5 h/);
    const callsSoFar = xero.requests.length;
    const second = await verify();
    expect(second.statusCode).toBe(429);
    expect(second.json().message).toMatch(/daily call limit/);
    expect(xero.requests.length).toBe(callsSoFar);
  });

  for (const provider of ['xero', 'qbo'] as const) {
    it(`a silent ${provider} token endpoint fails the refresh within its deadline and frees the lock`, async () => {
      const clock = offsetClock();
      if (provider === 'xero') {
        xero = await new FakeXero({
          organisations: [{ name: 'Silent Co', invoices: [{ number: 'INV-1', type: 'ACCREC' }] }],
          now: clock.now,
        }).start();
      } else {
        qbo = await new FakeQbo(
          [{ realmId: '1234', name: 'Silent Co', documents: { Invoice: [{ id: '1', number: 'INV-1' }] } }],
          clock.now,
        ).start();
      }
      const identity = (xero ?? qbo)!.identity;
      proxy = await buildTestProxy({ xero, qbo, clock, httpTimeoutMs: 400 });
      await proxy.connect(provider);
      identity.hangRefresh = true;
      clock.offsetMs += 3600_000;
      const verify = () =>
        proxy!.app.inject({
          method: 'POST',
          url: '/api/verify',
          headers: proxy!.headers,
          payload: { provider, kind: 'sales-invoice', references: ['INV-1'] },
        });
      const started = Date.now();
      const [first, second] = await Promise.all([verify(), verify()]);
      expect(Date.now() - started).toBeLessThan(3000);
      expect([first.statusCode, second.statusCode]).toEqual([502, 502]);
      expect(first.json().message).toMatch(/token refresh failed/);

      identity.hangRefresh = false;
      expect((await verify()).statusCode).toBe(200);
    });
  }
});
