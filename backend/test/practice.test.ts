import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedAcceleratedClock } from '../plugins/clock';
import { PostgresStore } from '../plugins/postgres';
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
/** Each test starts several proxy processes (and admin commands), each compiling with tsx: seconds each on 2 busy cores. */
const PROCESS_TEST_TIMEOUT_MS = 90_000;
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

  async function setUp() {
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

  it(
    '3 concurrent verifications of 5,000 invoices, one per instance: never over 5 in flight or 60 a minute; the token expiring meanwhile is refreshed once',
    async () => {
      await setUp();
      const refreshesBefore = xero.identity.refreshCalls;
      const running = Promise.all([0, 1, 2].map((index) => practice.verify(index, invoiceNumbers(INVOICES))));
      // Xero ends the access token mid-run, with calls of every instance in flight: each gets 401s and
      // wants a new token at once; the refresh lease lets one instance refresh, the others use its result.
      while (xero.gate.log.length < 30) await new Promise((resolve) => setTimeout(resolve, 5));
      xero.identity.expireAllAccessTokens();
      const answers = await running;
      for (const answer of answers) {
        expect(answer.results).toHaveLength(INVOICES);
        expect(answer.results.every((result) => result.status === 'found')).toBe(true);
      }
      expect(xero.gate.log.length).toBeGreaterThan(60);
      expectWithinXeroLimits();
      expect(xero.identity.refreshCalls - refreshesBefore).toBe(1);
      const limiter = await practice.limiterFigures();
      // Every request Xero received went through the shared limiter; only those in flight when the token
      // died were answered 401 (the rest waited for the one refresh).
      expect(limiter.calls).toBe(xero.requests.length);
      expect(xero.requests.length - xero.gate.log.length).toBeLessThanOrEqual(5);
      expect(limiter.peakInFlight).toBeLessThanOrEqual(5);
      expect(limiter.peakInWindow).toBeLessThanOrEqual(60);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'an instance killed mid-run loses no answer: the client retries on another, and the limits still hold',
    async () => {
      await setUp();
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
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});

describe('a practice run with `npm run proxy` on Postgres', () => {
  let xero: FakeXero;
  let practice: Practice;
  let databaseUrl: string;

  afterEach(async () => {
    await practice?.stop();
    await xero?.stop();
  });

  async function setUp(instances: number, latencyMs = 0) {
    databaseUrl = await postgres.createDatabase();
    xero = await FakeXero.withOfficialShape({
      organisations: [
        {
          name: 'Practice Client Ltd',
          invoices: invoiceNumbers(INVOICES).map((number) => ({ number, type: 'ACCREC' as const })),
        },
      ],
      latencyMs,
    }).start();
    practice = await new Practice({
      databaseUrl,
      xero,
      instances,
      entry: 'server',
    }).start();
  }

  it(
    'named keys from `keys add`: stored hashed, each sees only its connections, `keys revoke` stops one on every instance',
    async () => {
      await setUp(2);
      const added = await practice.admin(['keys', 'add', 'Ann']);
      expect(added.code).toBe(0);
      const annKey = /^\s+(oss_\S+)$/m.exec(added.output)?.[1] ?? '';
      const bobKey = /^\s+(oss_\S+)$/m.exec((await practice.admin(['keys', 'add', 'Bob'])).output)?.[1] ?? '';
      expect(annKey).toMatch(/^oss_/);
      expect((await practice.admin(['keys', 'add', 'Ann'])).code).toBe(64);

      await practice.connectXero(annKey);
      const statusOf = async (index: number, key: string) =>
        ((await (await practice.request(index, '/api/status', key)).json()) as { connections: unknown[] })
          .connections;
      expect(await statusOf(1, annKey)).toHaveLength(1);
      expect(await statusOf(0, bobKey)).toHaveLength(0);
      expect(await statusOf(0, practice.pairingKey)).toHaveLength(1);
      expect((await practice.verify(1, ['INV-000001'], annKey)).results[0]?.status).toBe('found');
      expect((await practice.request(0, '/api/lock-date?provider=xero', bobKey)).status).toBe(409);

      const listed = await practice.admin(['keys', 'list']);
      expect(listed.output).toMatch(
        /^Ann {2}[0-9a-f]{4}-[0-9a-f]{4} {2}active {2}connections: xero "Practice Client Ltd"/m,
      );
      expect(listed.output).not.toContain(annKey);

      expect((await practice.admin(['keys', 'revoke', 'Ann'])).code).toBe(0);
      expect((await practice.request(0, '/api/status', annKey)).status).toBe(401);
      expect((await practice.request(1, '/api/status', annKey)).status).toBe(401);
      expect((await practice.request(1, '/api/status', bobKey)).status).toBe(200);

      const health = await (await practice.request(0, '/health')).json();
      expect(health).toMatchObject({ ok: true, store: 'postgres', database: 'ok' });
      expect((await practice.request(1, '/ready')).status).toBe(200);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'SIGTERM mid-verification: the request finishes, nothing stays leased, the process exits 0',
    async () => {
      // 200 ms a Xero call: the verification's 35 calls take a few seconds, so SIGTERM lands mid-way.
      await setUp(1, 200);
      await practice.connectXero();
      const answer = practice.verify(0, invoiceNumbers(INVOICES));
      while (xero.requests.length < 5) await new Promise((resolve) => setTimeout(resolve, 10));
      const instance = practice.instances[0];
      instance?.child.kill('SIGTERM');
      const { results } = await answer;
      expect(results.filter((result) => result.status === 'found')).toHaveLength(INVOICES);
      // Signalled with 30 of its 35 calls still to make, it answered in full, then stopped cleanly.
      expect(xero.requests.length).toBeGreaterThan(30);
      expect(await instance?.exited).toBe(0);

      const store = await PostgresStore.connect(databaseUrl);
      try {
        const peaks = await store.limiterPeaks(`xero:${xero.tenantIds()[0]}`, 0);
        expect(peaks.calls).toBe(xero.gate.log.length);
        const leftovers = await store.admitCall({
          organisation: `xero:${xero.tenantIds()[0]}`,
          callId: 'probe',
          instance: 'probe',
          rule: { perMinute: 1000, inFlight: 1, windowMs: 60_500 },
          now: () => Date.now(),
          leaseMs: 45_000,
        });
        // One slot in flight allowed: admitted only if the stopped instance left none taken.
        expect(leftovers).toEqual({ admitted: true });
      } finally {
        await store.close();
      }
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
