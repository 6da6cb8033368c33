import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedAcceleratedClock } from '../plugins/clock';
import { FakeXero } from './fake-xero';
import { startTestPostgres, type TestPostgres } from './postgres';
import { Practice } from './practice';

/*
 * Three proxy processes on one Postgres, in front of one fake Xero organisation. The proxies, the fake
 * Xero and this test all read one accelerated clock (SPEED times real time, the same origin), so a
 * simulated minute is a minute to every party: the proxies' limiter windows, the refresh margin, the
 * token's expiry and the fake's rate gate. The limits asserted are therefore Xero's real ones, 60 calls
 * in any 60 s and 5 in flight, measured by the fake on the same clock; only the wall time shrinks.
 */
const SPEED = 30;
const INVOICES = 5000;

const invoiceNumbers = (count: number) =>
  Array.from({ length: count }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`);

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
});

describe('three proxy instances on one Postgres', () => {
  let xero: FakeXero;
  let practice: Practice;

  afterEach(async () => {
    await practice?.stop();
    await xero?.stop();
  });

  async function setUp(tokenLifetimeSeconds: number) {
    const origin = Date.now();
    const clock = sharedAcceleratedClock(SPEED, origin);
    xero = await FakeXero.withOfficialShape({
      organisations: [
        {
          name: 'Practice Client Ltd',
          invoices: invoiceNumbers(INVOICES).map((number) => ({ number, type: 'ACCREC' as const })),
        },
      ],
      now: clock.now,
      // 5 ms real is 150 ms simulated: a nearby Xero region.
      latencyMs: 5,
    }).start();
    xero.identity.accessTokenLifetimeSeconds = tokenLifetimeSeconds;
    practice = await new Practice({
      databaseUrl: await postgres.createDatabase(),
      xero,
      instances: 3,
      clock: { speed: SPEED, origin },
    }).start();
    await practice.connectXero();
  }

  const expectWithinXeroLimits = () => {
    expect(xero.gate.rejections).toEqual([]);
    expect(xero.gate.peakInFlight).toBeLessThanOrEqual(5);
    expect(xero.gate.maxPerMinute()).toBeLessThanOrEqual(60);
    expect(xero.violations).toEqual([]);
  };

  it('3 concurrent verifications of 5,000 invoices, one per instance: never over 5 in flight or 60 a minute; the token expiring meanwhile is refreshed once', async () => {
    // Refreshed 2 minutes before expiry: this token is due 30 s (simulated) into the run, while the
    // instances wait out the first minute's 60 calls, so all three want it refreshed at once.
    await setUp(150);
    const refreshesBefore = xero.identity.refreshCalls;
    const answers = await Promise.all(
      [0, 1, 2].map((index) => practice.verify(index, invoiceNumbers(INVOICES))),
    );
    for (const answer of answers) {
      expect(answer.results).toHaveLength(INVOICES);
      expect(answer.results.every((result) => result.status === 'found')).toBe(true);
    }
    expect(xero.gate.log.length).toBeGreaterThan(60);
    expectWithinXeroLimits();
    expect(xero.identity.refreshCalls - refreshesBefore).toBe(1);
    const limiter = await practice.limiterFigures();
    expect(limiter.calls).toBe(xero.gate.log.length);
    expect(limiter.peakInFlight).toBeLessThanOrEqual(5);
    expect(limiter.peakInWindow).toBeLessThanOrEqual(60);
  });

  it('an instance killed mid-run loses no answer: the client retries on another, and the limits still hold', async () => {
    await setUp(1800);
    const references = invoiceNumbers(INVOICES);
    const retrying = (index: number) =>
      practice.verify(index, references).catch(() => practice.verify((index + 1) % 3, references));
    const answers = Promise.all([0, 1, 2].map(retrying));
    // Mid-run: some of each verification's calls made, the killed instance with calls in flight.
    while (xero.gate.log.length < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    practice.instances[0]?.child.kill('SIGKILL');
    for (const answer of await answers) {
      expect(answer.results).toHaveLength(INVOICES);
      expect(answer.results.every((result) => result.status === 'found')).toBe(true);
    }
    expect(await practice.instances[0]?.exited).toBeNull();
    expectWithinXeroLimits();
    const limiter = await practice.limiterFigures();
    expect(limiter.peakInFlight).toBeLessThanOrEqual(5);
    expect(limiter.peakInWindow).toBeLessThanOrEqual(60);
  });
});
