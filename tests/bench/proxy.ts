/**
 * Proxy benchmark (SPEC §6): Xero calls and wall time to verify 1,000 and 5,000 invoices against the
 * fake Xero, and the limiter under three concurrent verifications of one organisation.
 * Run alone with `npx tsx tests/bench/proxy.ts`; the top-level bench runner imports `benchProxy`.
 */
import { pathToFileURL } from 'node:url';
import { acceleratedClock, type Clock, systemClock } from '../../backend/plugins/clock';
import { FakeXero } from '../../backend/test/fake-xero';
import { buildTestProxy } from '../../backend/test/helper';

export interface BenchFigure {
  figure: string;
  value: string;
  budget: string;
  ok: boolean;
}

const CALLS_PER_THOUSAND_BUDGET = 25;
const XERO_PER_MINUTE = 60;
const XERO_IN_FLIGHT = 5;
/** Each fake Xero answer is held this long (real ms) in the timed runs, like a nearby Xero region. */
const XERO_LATENCY_MS = 150;
/** The concurrency run compresses minutes: 1 real ms = 100 simulated ms. */
const SIMULATION_SPEED = 100;

const invoiceNumbers = (count: number) =>
  Array.from({ length: count }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`);

async function setUp(invoiceCount: number, clock: Clock, latencyMs: number) {
  const xero = await FakeXero.withOfficialShape({
    organisations: [
      {
        name: 'Bench Co',
        // Every invoice present once, a few twice, so the answer has all three statuses.
        invoices: [
          ...invoiceNumbers(invoiceCount).map((number) => ({ number, type: 'ACCREC' as const })),
          ...invoiceNumbers(10).map((number) => ({ number, type: 'ACCREC' as const })),
        ],
      },
    ],
    now: clock.now,
    latencyMs,
  }).start();
  const proxy = await buildTestProxy({ xero, clock });
  const connected = await proxy.connect('xero');
  if (connected.statusCode !== 200) throw new Error(`bench could not connect: ${connected.statusCode}`);
  const verify = async (count: number) => {
    const references = [...invoiceNumbers(count - 5), ...invoiceNumbers(5).map((n) => `MISSING-${n}`)];
    const response = await proxy.app.inject({
      method: 'POST',
      url: '/api/verify',
      headers: proxy.headers,
      payload: { provider: 'xero', kind: 'sales-invoice', references },
    });
    if (response.statusCode !== 200)
      throw new Error(`verify answered ${response.statusCode}: ${response.body}`);
    const body = response.json<{ calls: number; results: Array<{ status: string }> }>();
    const missing = body.results.filter((result) => result.status === 'missing').length;
    if (missing !== 5) throw new Error(`expected 5 missing, got ${missing}`);
    return body;
  };
  return {
    xero,
    verify,
    close: async () => {
      await proxy.close();
      await xero.stop();
    },
  };
}

async function singleVerification(count: number): Promise<BenchFigure[]> {
  const bench = await setUp(count, systemClock, XERO_LATENCY_MS);
  try {
    const started = performance.now();
    const { calls } = await bench.verify(count);
    const wallMs = performance.now() - started;
    const callBudget = (CALLS_PER_THOUSAND_BUDGET * count) / 1000;
    const perMinute = bench.xero.gate.maxPerMinute();
    const label = count.toLocaleString('en');
    return [
      {
        figure: `Xero calls to verify ${label} invoices`,
        value: String(calls),
        budget: `≤ ${callBudget}`,
        ok: calls <= callBudget,
      },
      {
        figure: `Wall time to verify ${label} invoices (${XERO_LATENCY_MS} ms per Xero call)`,
        value: `${(wallMs / 1000).toFixed(2)} s`,
        budget: '≤ 60 s',
        ok: wallMs <= 60_000,
      },
      {
        figure: `Max Xero calls in any 60 s (${label} invoices)`,
        value: String(perMinute),
        budget: `≤ ${XERO_PER_MINUTE}`,
        ok: perMinute <= XERO_PER_MINUTE && bench.xero.gate.rejected === 0,
      },
    ];
  } finally {
    await bench.close();
  }
}

async function concurrentVerifications(count: number, concurrent: number): Promise<BenchFigure[]> {
  const clock = acceleratedClock(SIMULATION_SPEED);
  const bench = await setUp(count, clock, 3);
  try {
    const startedSimulated = clock.now();
    const startedReal = performance.now();
    const results = await Promise.all(Array.from({ length: concurrent }, () => bench.verify(count)));
    const simulatedMs = clock.now() - startedSimulated;
    const realMs = performance.now() - startedReal;
    const calls = results.reduce((sum, result) => sum + result.calls, 0);
    const { gate } = bench.xero;
    const perMinute = gate.maxPerMinute();
    const label = `${concurrent} concurrent verifications of ${count.toLocaleString('en')} invoices, one organisation`;
    const fastestPossibleMinutes = Math.ceil(calls / XERO_PER_MINUTE) - 1;
    return [
      {
        figure: `${label}: Xero calls`,
        value: String(calls),
        budget: `≤ ${(concurrent * CALLS_PER_THOUSAND_BUDGET * count) / 1000}`,
        ok: calls <= (concurrent * CALLS_PER_THOUSAND_BUDGET * count) / 1000,
      },
      {
        figure: `${label}: max calls in flight`,
        value: String(gate.peakInFlight),
        budget: `≤ ${XERO_IN_FLIGHT}`,
        ok: gate.peakInFlight <= XERO_IN_FLIGHT,
      },
      {
        figure: `${label}: max calls in any 60 s`,
        value: String(perMinute),
        budget: `≤ ${XERO_PER_MINUTE}`,
        ok: perMinute <= XERO_PER_MINUTE,
      },
      {
        figure: `${label}: 429s from Xero`,
        value: String(gate.rejected),
        budget: '0',
        ok: gate.rejected === 0,
      },
      {
        figure: `${label}: wall time (simulated)`,
        value: `${(simulatedMs / 1000).toFixed(1)} s simulated (${(realMs / 1000).toFixed(2)} s real)`,
        budget: `≥ ${fastestPossibleMinutes} min (the limit's floor), ≤ ${fastestPossibleMinutes + 1} min`,
        ok:
          simulatedMs >= fastestPossibleMinutes * 60_000 &&
          simulatedMs <= (fastestPossibleMinutes + 1) * 60_000 + 10_000,
      },
    ];
  } finally {
    await bench.close();
  }
}

export async function benchProxy(): Promise<BenchFigure[]> {
  return [
    ...(await singleVerification(1000)),
    ...(await singleVerification(5000)),
    ...(await concurrentVerifications(5000, 3)),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchProxy();
  const width = Math.max(...figures.map((row) => row.figure.length));
  const valueWidth = Math.max(...figures.map((row) => row.value.length));
  for (const row of figures) {
    process.stdout.write(
      `${row.ok ? 'ok  ' : 'FAIL'}  ${row.figure.padEnd(width)}  ${row.value.padEnd(valueWidth)}  budget ${row.budget}\n`,
    );
  }
  process.exitCode = figures.every((row) => row.ok) ? 0 : 1;
}
