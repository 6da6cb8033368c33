import { describe, expect, it } from 'vitest';
import { lockedBy, readPeriods } from './dates';

const day = (iso: string) => ({ from: iso, to: iso });

describe('reading the dates a list shows', () => {
  it('reads days written every common way', () => {
    expect(
      readPeriods(['2026-03-12', '12 Mar 2026', 'Mar 12, 2026', '12-March-2026', '2026-03-12T00:00:00']),
    ).toEqual(Array(5).fill(day('2026-03-12')));
  });

  it('reads months, as COGS lists them, as the whole month', () => {
    expect(readPeriods(['March 2026', 'Feb 2024', '2026-03', '02/2024'])).toEqual([
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2024-02-01', to: '2024-02-29' },
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2024-02-01', to: '2024-02-29' },
    ]);
  });

  it('tells day-first from month-first by the list as a whole', () => {
    expect(readPeriods(['03/04/2026', '25/04/2026'])).toEqual([day('2026-04-03'), day('2026-04-25')]);
    expect(readPeriods(['03/04/2026', '04/25/2026'])).toEqual([day('2026-03-04'), day('2026-04-25')]);
    expect(readPeriods(['03.04.26', '13.04.26'])).toEqual([day('2026-04-03'), day('2026-04-13')]);
  });

  it('leaves a date unread when the list does not say which way it is written, or says both', () => {
    expect(readPeriods(['03/04/2026', '05/06/2026'])).toEqual([null, null]);
    expect(readPeriods(['03/04/2026', '25/04/2026', '04/25/2026'])).toEqual([null, null, null]);
    // The same number twice reads the same either way.
    expect(readPeriods(['04/04/2026'])).toEqual([day('2026-04-04')]);
  });

  it('reads nothing from what is not a date', () => {
    expect(readPeriods(['', 'INV-0001', '31/02/2026', '2026-13-01', 'Smarch 2026'])).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('the lock date', () => {
  it('locks a period that ends on or before it, and only that', () => {
    expect(lockedBy(day('2026-03-31'), '2026-03-31')).toBe(true);
    expect(lockedBy(day('2026-04-01'), '2026-03-31')).toBe(false);
    expect(lockedBy({ from: '2026-03-01', to: '2026-03-31' }, '2026-03-15')).toBe(false);
    expect(lockedBy(null, '2026-03-31')).toBe(false);
  });
});
