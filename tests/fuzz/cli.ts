/**
 * npm run fuzz -- --seeds N [--from S] [--reader-only | --runs-only]
 * Seeds of the rendering fuzzer through the page reader (every snapshot against its ground truth) and through
 * whole Smart Sync All runs in Chromium with the built extension; one line per seed, then the failures.
 */
import { parseArgs } from 'node:util';
import { type Session, startSession } from '../e2e/harness';
import { fuzzCases } from '../omni-sim/fuzz/cases';
import { variantFor } from '../omni-sim/fuzz/variant';
import { checkSeed } from './reader-check';
import { providerFor, runSeed } from './run-check';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    from: { type: 'string', default: '0' },
    'reader-only': { type: 'boolean', default: false },
    'runs-only': { type: 'boolean', default: false },
  },
});
const count = Number(values.seeds);
const from = Number(values.from);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(from) || from < 0) {
  console.error('Usage: npm run fuzz -- --seeds N [--from S] [--reader-only | --runs-only]');
  process.exit(2);
}

let session: Session | null = null;
const failed: string[] = [];
try {
  for (let seed = from; seed < from + count; seed += 1) {
    const parts = [`seed ${String(seed).padStart(4)}`, variantFor(seed).navigation.padEnd(6)];
    if (!values['runs-only']) {
      const problems = await checkSeed(seed);
      parts.push(
        problems.length === 0
          ? `reader ok (${fuzzCases(seed).length} pages)`
          : `reader FAILED (${problems.length})`,
      );
      failed.push(...problems);
    }
    if (!values['reader-only']) {
      session ??= await startSession();
      const run = await runSeed(session, seed);
      parts.push(
        `${providerFor(seed).padEnd(4)} run ${run.problems.length === 0 ? 'ok' : 'FAILED'} ${run.seconds.toFixed(1)} s, ${run.uploads} items uploaded`,
      );
      failed.push(...run.problems.map((problem) => `seed ${seed} run: ${problem}`));
    }
    console.log(parts.join('  '));
  }
} finally {
  await session?.close();
}
if (failed.length > 0) {
  console.log(`\n${failed.length} problem(s):\n${failed.join('\n')}`);
  process.exit(1);
}
console.log(`\nAll ${count} seeds passed.`);
