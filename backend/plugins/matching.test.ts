import { describe, expect, it } from 'vitest';
import { classifyReferences, matchContacts, normaliseText, packBatches } from './matching';

describe('matching', () => {
  it('normalises case, width and runs of spaces', () => {
    expect(normaliseText('  ACME\u00a0  Ltd ')).toBe('acme ltd');
    expect(normaliseText('ＡＢＣ')).toBe('abc');
  });

  it('marks exact and loose contact matches', () => {
    expect(
      matchContacts(
        ['Acme Ltd'],
        [
          { id: '1', name: 'Acme Ltd' },
          { id: '2', name: 'acme  LTD' },
          { id: '3', name: 'Acme' },
        ],
      ),
    ).toEqual([
      {
        name: 'Acme Ltd',
        matches: [
          { id: '1', name: 'Acme Ltd', exact: true },
          { id: '2', name: 'acme  LTD', exact: false },
        ],
      },
    ]);
  });

  it('classifies references in the order asked, repeated references included', () => {
    const results = classifyReferences(
      ['A', 'B', 'a', 'C'],
      [
        { id: '1', reference: 'A' },
        { id: '2', reference: 'B' },
        { id: '3', reference: 'b' },
      ],
    );
    expect(results.map((r) => r.status)).toEqual(['found', 'duplicate', 'found', 'missing']);
  });

  it('packs batches within the budget and never drops a value', () => {
    const values = Array.from({ length: 100 }, (_, i) => `V${i}`);
    const cost = (batch: string[]) => batch.join(',').length;
    const batches = packBatches(values, cost, 50);
    expect(batches.flat()).toEqual(values);
    for (const batch of batches) expect(cost(batch)).toBeLessThanOrEqual(50);
    expect(() => packBatches(['x'.repeat(60)], cost, 50)).toThrow(
      expect.objectContaining({ statusCode: 400, message: expect.stringMatching(/too long to look up/) }),
    );
  });
});
