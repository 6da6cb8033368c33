import { afterEach, describe, expect, it } from 'vitest';
import { acceleratedClock } from '../plugins/clock';
import { OrganisationLimiter } from '../plugins/limiter';
import { FakeXero } from './fake-xero';
import { buildTestProxy, type TestProxy } from './helper';

const invoiceNumbers = (count: number) =>
  Array.from({ length: count }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`);

describe('organisation limiter', () => {
  it('keeps at most 5 in flight and 60 starts in any minute, in arrival order', async () => {
    const clock = acceleratedClock(2000);
    const limiter = new OrganisationLimiter({ perMinute: 60, inFlight: 5 }, clock);
    const starts: number[] = [];
    const order: number[] = [];
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 130 }, (_, index) =>
        limiter.run(async () => {
          starts.push(clock.now());
          order.push(index);
          running++;
          peak = Math.max(peak, running);
          await clock.sleep(200);
          running--;
        }),
      ),
    );
    expect(peak).toBe(5);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (let i = 60; i < starts.length; i++) {
      expect((starts[i] ?? 0) - (starts[i - 60] ?? 0)).toBeGreaterThanOrEqual(60_000 + 200);
    }
  });

  it('holds every caller while paused by a Retry-After', async () => {
    const clock = acceleratedClock(1000);
    const limiter = new OrganisationLimiter({ perMinute: 60, inFlight: 5 }, clock);
    const pausedAt = clock.now();
    limiter.pause(pausedAt + 5_000);
    const started = await Promise.all([1, 2, 3].map(() => limiter.run(async () => clock.now())));
    for (const time of started) expect(time - pausedAt).toBeGreaterThanOrEqual(5_000);
  });
});

describe('Xero limits end to end', () => {
  let xero: FakeXero;
  let proxy: TestProxy;

  afterEach(async () => {
    await proxy.close();
    await xero.stop();
  });

  async function setUp(invoiceCount: number, speed: number) {
    const clock = acceleratedClock(speed);
    xero = await FakeXero.withOfficialShape({
      organisations: [
        {
          name: 'Busy Co',
          invoices: invoiceNumbers(invoiceCount).map((number) => ({ number, type: 'ACCREC' as const })),
        },
      ],
      now: clock.now,
    }).start();
    proxy = await buildTestProxy({ xero, clock });
    await proxy.connect('xero');
    return clock;
  }

  const verify = (references: string[]) =>
    proxy.app.inject({
      method: 'POST',
      url: '/api/verify',
      headers: proxy.headers,
      payload: { provider: 'xero', kind: 'sales-invoice', references },
    });

  it('waits for Retry-After on 429 and retries', async () => {
    const clock = await setUp(10, 500);
    xero.forcedRateLimits = { remaining: 2, retryAfterSeconds: 3 };
    const started = clock.now();
    const response = await verify(invoiceNumbers(10));
    expect(response.statusCode).toBe(200);
    expect(response.json().calls).toBe(3);
    expect(response.json().results.every((result: { status: string }) => result.status === 'found')).toBe(
      true,
    );
    expect(clock.now() - started).toBeGreaterThanOrEqual(6_000);
  });

  it('gives up after a bounded number of 429s with a clear 429', async () => {
    await setUp(10, 500);
    xero.forcedRateLimits = { remaining: 50, retryAfterSeconds: 1 };
    const response = await verify(['INV-000001']);
    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({
      error: 'too_many_requests',
      message: expect.stringContaining('rate limit'),
    });
    expect(xero.forcedRateLimits.remaining).toBe(46);
    const status = await proxy.app.inject({ method: 'GET', url: '/api/status', headers: proxy.headers });
    expect(status.json().connections[0].lastError).toMatch(/rate limit/);
  });

  it('verifies 1,000 invoices in at most 25 calls, each URL within 2,000 characters', async () => {
    await setUp(1000, 1);
    const references = [...invoiceNumbers(990), 'MISSING-1', 'MISSING-2'];
    const response = await verify(references);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.calls).toBeLessThanOrEqual(25);
    expect(body.results.filter((r: { status: string }) => r.status === 'found')).toHaveLength(990);
    expect(body.results.filter((r: { status: string }) => r.status === 'missing')).toHaveLength(2);
    const longest = Math.max(...xero.requests.map((line) => `https://api.xero.com${line}`.length));
    expect(longest).toBeLessThanOrEqual(2000);
    expect(xero.violations).toEqual([]);
  });

  it('three concurrent verifications of one organisation stay within 60/min and 5 in flight', async () => {
    await setUp(5000, 100);
    const responses = await Promise.all([1, 2, 3].map(() => verify(invoiceNumbers(5000))));
    for (const response of responses) expect(response.statusCode).toBe(200);
    expect(xero.gate.rejections).toEqual([]);
    expect(xero.gate.peakInFlight).toBeLessThanOrEqual(5);
    expect(xero.gate.maxPerMinute()).toBeLessThanOrEqual(60);
    expect(xero.gate.log.length).toBeGreaterThan(60);
  });
});
