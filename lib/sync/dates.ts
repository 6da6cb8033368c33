/**
 * The dates a list shows, as the periods they name: a day ("12/03/2026", "2026-03-12", "12 Mar 2026",
 * "Mar 12, 2026") or a month ("March 2026", "Mar 2026", "2026-03", "03/2026" — COGS lists one journal a
 * month). Omni's date format is not documented (SPEC §2): day-first or month-first is told from the list
 * as a whole (a first part over 12 means day-first), and a date left ambiguous is not read at all, so
 * that nothing is left out of a run on a guess.
 */

export interface Period {
  /** First and last day, as YYYY-MM-DD. */
  from: string;
  to: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const pad = (value: number) => String(value).padStart(2, '0');

function monthOf(word: string): number | null {
  const index = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return index === -1 ? null : index + 1;
}

function fullYear(text: string): number {
  const year = Number(text);
  return text.length <= 2 ? 2000 + year : year;
}

function day(year: number, month: number, date: number): Period | null {
  if (month < 1 || month > 12 || date < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (date > last) return null;
  const iso = `${year}-${pad(month)}-${pad(date)}`;
  return { from: iso, to: iso };
}

function month(year: number, value: number): Period | null {
  if (value < 1 || value > 12) return null;
  const last = new Date(Date.UTC(year, value, 0)).getUTCDate();
  return { from: `${year}-${pad(value)}-01`, to: `${year}-${pad(value)}-${pad(last)}` };
}

type Order = 'day-first' | 'month-first';

/** A numeric day with its two readings, or a period that reads one way only. */
function readOne(text: string): { period: Period | null } | { parts: [number, number, number] } {
  const clean = text.trim().replace(/\s+/g, ' ');
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(clean);
  if (match) return { period: day(Number(match[1]), Number(match[2]), Number(match[3])) };
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(clean);
  if (match) return { parts: [Number(match[1]), Number(match[2]), fullYear(match[3] ?? '')] };
  match = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ ,-]*(\d{2}|\d{4})$/.exec(clean);
  if (match && monthOf(match[2] ?? '')) {
    return { period: day(fullYear(match[3] ?? ''), monthOf(match[2] ?? '') ?? 0, Number(match[1])) };
  }
  match = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(clean);
  if (match && monthOf(match[1] ?? '')) {
    return { period: day(Number(match[3]), monthOf(match[1] ?? '') ?? 0, Number(match[2])) };
  }
  match = /^([A-Za-z]{3,9})\.?[ ,-]*(\d{4})$/.exec(clean);
  if (match && monthOf(match[1] ?? ''))
    return { period: month(Number(match[2]), monthOf(match[1] ?? '') ?? 0) };
  match = /^(\d{4})-(\d{1,2})$/.exec(clean);
  if (match) return { period: month(Number(match[1]), Number(match[2])) };
  match = /^(\d{1,2})\/(\d{4})$/.exec(clean);
  if (match) return { period: month(Number(match[2]), Number(match[1])) };
  return { period: null };
}

/** Each text's period, or null where it cannot be read for certain. */
export function readPeriods(texts: readonly string[]): Array<Period | null> {
  const readings = texts.map(readOne);
  let order: Order | null = null;
  for (const reading of readings) {
    if (!('parts' in reading)) continue;
    const [first, second] = reading.parts;
    if (first > 12 && second <= 12) order = order === 'month-first' ? null : 'day-first';
    else if (second > 12 && first <= 12) order = order === 'day-first' ? null : 'month-first';
    if (order === null && (first > 12 || second > 12)) break;
  }
  return readings.map((reading) => {
    if (!('parts' in reading)) return reading.period;
    const [first, second, year] = reading.parts;
    if (first === second) return day(year, first, second);
    if (order === 'day-first') return day(year, second, first);
    if (order === 'month-first') return day(year, first, second);
    return null;
  });
}

/** Whether a whole period lies on or before a lock date (YYYY-MM-DD). */
export function lockedBy(period: Period | null, lockDate: string): boolean {
  return period !== null && period.to <= lockDate;
}
