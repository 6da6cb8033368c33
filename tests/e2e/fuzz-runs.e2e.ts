// Whole Smart Sync All runs, in Chromium with the build users install, on twelve seeds of the rendering
// fuzzer (four per navigation kind): renderings of the dashboard nobody wrote to match the reader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balancedSeeds, runSeed } from '../fuzz/run-check';
import { variantFor } from '../omni-sim/fuzz/variant';
import { type Session, startSession } from './harness';

const SEEDS = balancedSeeds(12);

describe('Smart Sync All on the rendering fuzzer', () => {
  let session: Session;
  beforeAll(async () => {
    session = await startSession();
  });
  afterAll(() => session?.close());

  it.each(SEEDS.map((seed) => [seed, variantFor(seed).navigation] as const))(
    'seed %i (%s navigation): every item synced once, nothing forbidden clicked, every failure reported',
    async (seed) => {
      const run = await runSeed(session, seed);
      expect(run.problems, `seed ${seed}: ${run.headline}`).toEqual([]);
    },
    200_000,
  );
});
