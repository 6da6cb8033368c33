/** The reader check over a range of the rendering fuzzer's seeds, one test per seed (its name is the seed). */
import { expect, it } from 'vitest';
import { checkSeed } from './reader-check';

export function readerChecks(from: number, to: number): void {
  const seeds = Array.from({ length: to - from }, (_, i) => from + i);
  it.each(seeds)(
    'seed %i: tabs, sub-tabs, rows, tick boxes, controls, pager and messages read right',
    async (seed) => {
      expect(await checkSeed(seed)).toEqual([]);
    },
  );
}
