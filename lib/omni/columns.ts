/**
 * Naming a list's columns (reference, contact, date, amount, error) and giving every row an identity.
 * Header words name a column when they can; otherwise the values' shape does (dates look like dates,
 * amounts like money, errors like sentences). Nothing here decides whether a list is there.
 */
import { labelKey } from './labels';
import { COLUMN_PATTERNS, DOCUMENT_HEADERS, ROW_COUNTER_HEADERS, SHAPES } from './selectors';

export type Field = keyof typeof COLUMN_PATTERNS;
export const FIELDS = Object.keys(COLUMN_PATTERNS) as Field[];

/** How each row's identity is made; the first that gives every row a distinct, non-empty one wins. */
export type IdentitySource = 'reference' | 'tick-name' | 'document-number' | 'column' | 'row-text';

export interface ColumnPlan {
  /** Column index per field, -1 when the list has no such column (or it could not be named). */
  index: Record<Field, number>;
  /** Columns never part of a row's identity: row counters, control-only cells, the error column. */
  volatile: Set<number>;
}

/** What a column holds, judged from a sample of its values. */
interface ColumnShape {
  filled: number;
  dates: number;
  amounts: number;
  documents: number;
  months: number;
  sentences: number;
  emails: number;
  distinct: boolean;
  counter: boolean;
  controlsOnly: boolean;
}

const SAMPLE = 60;

function shapeOf(values: string[], controlsOnly: boolean, headerKey: string): ColumnShape {
  const filled = values.filter(Boolean);
  const count = (pattern: RegExp) => filled.filter((value) => pattern.test(value)).length;
  const numbers = filled.map((value) => (/^\d+$/.test(value) ? Number(value) : Number.NaN));
  // A column of consecutive whole numbers from 1 (or headed "#", "No") counts rows: it changes when a
  // row above leaves. Invoice numbers 1001, 1002… are consecutive too, but do not start at 1.
  const counter =
    filled.length > 0 &&
    numbers.every((n, i) => Number.isInteger(n) && (i === 0 || n === (numbers[i - 1] ?? 0) + 1)) &&
    ((numbers[0] ?? 0) <= 1 || ROW_COUNTER_HEADERS.has(headerKey));
  const dates = count(SHAPES.date);
  const amounts = count(SHAPES.amount);
  const months = count(SHAPES.month);
  return {
    filled: filled.length,
    dates,
    amounts,
    months,
    documents: filled.filter(
      (value) =>
        SHAPES.document.test(value) &&
        !SHAPES.date.test(value) &&
        !SHAPES.amount.test(value) &&
        !SHAPES.month.test(value),
    ).length,
    sentences: count(SHAPES.sentence),
    emails: count(SHAPES.email),
    distinct: new Set(filled).size === filled.length,
    counter,
    controlsOnly,
  };
}

const mostly = (hits: number, shape: ColumnShape) => shape.filled > 0 && hits >= shape.filled * 0.8;

/**
 * Names the columns of a list. `headers` may be empty or unhelpful; `sample` is the text of each cell of
 * the first rows; `controlsOnly[i]` says column i holds only controls (a status select, a Delete button).
 */
export function planColumns(headers: string[], sample: string[][], controlsOnly: boolean[]): ColumnPlan {
  const width = Math.max(headers.length, ...sample.map((row) => row.length), 0);
  const keys = headers.map(labelKey);
  const shapes: ColumnShape[] = [];
  for (let column = 0; column < width; column += 1) {
    shapes.push(
      shapeOf(
        sample.slice(0, SAMPLE).map((row) => row[column] ?? ''),
        controlsOnly[column] === true,
        keys[column] ?? '',
      ),
    );
  }
  const index = {} as Record<Field, number>;
  const taken = new Set<number>();
  const usable = (column: number) =>
    !taken.has(column) && !shapes[column]?.counter && !shapes[column]?.controlsOnly;
  for (const field of FIELDS) {
    index[field] = -1;
    if (field === 'reference') {
      // Several columns may hold document numbers ("Number", "PO No."): a row's own comes first.
      const column = keys.findIndex(
        (key, i) => usable(i) && DOCUMENT_HEADERS.some((pattern) => pattern.test(key)),
      );
      if (column >= 0) {
        index.reference = column;
        taken.add(column);
        continue;
      }
    }
    for (const pattern of COLUMN_PATTERNS[field]) {
      const column = keys.findIndex((key, i) => pattern.test(key) && usable(i));
      if (column >= 0) {
        index[field] = column;
        taken.add(column);
        break;
      }
    }
  }
  // Unnamed fields by the shape of their values: the first unclaimed column that fits.
  const byShape = (field: Field, fits: (shape: ColumnShape) => boolean) => {
    if (index[field] >= 0) return;
    const column = shapes.findIndex((shape, i) => usable(i) && shape.filled > 0 && fits(shape));
    if (column >= 0) {
      index[field] = column;
      taken.add(column);
    }
  };
  byShape(
    'error',
    (shape) => shape.sentences > 0 && shape.sentences >= shape.filled * 0.5 && shape.dates === 0,
  );
  byShape('date', (shape) => mostly(shape.dates, shape));
  byShape('amount', (shape) => mostly(shape.amounts, shape));
  byShape('reference', (shape) => mostly(shape.documents, shape) && shape.distinct);
  byShape('reference', (shape) => mostly(shape.months, shape) && shape.distinct);
  byShape(
    'contact',
    (shape) =>
      shape.sentences === 0 &&
      shape.emails === 0 &&
      shape.documents === 0 &&
      shape.dates === 0 &&
      shape.amounts === 0,
  );
  const volatile = new Set<number>();
  shapes.forEach((shape, column) => {
    if (shape.counter || shape.controlsOnly) volatile.add(column);
  });
  if (index.error >= 0) volatile.add(index.error);
  return { index, volatile };
}

/** A tick box's accessible name with the verb taken off ("Select INV-1001" → "INV-1001"). */
export function nameFromTickLabel(label: string): string {
  return label.replace(SHAPES.tickVerb, '').trim();
}

/**
 * Each row's identity, unique within the list: the named reference column, else the tick boxes' names,
 * else a column of distinct document numbers, else the first column of distinct plain text, else the
 * row's text without the columns that change (errors, counters, controls). Columns are read only as far
 * as needed: on a 2,000-row list the first choice is usually the only one read.
 */
export function identify(input: {
  rows: number;
  width: number;
  plan: ColumnPlan;
  sample: string[][];
  cell: (row: number, column: number) => string;
  tickName: (row: number) => string;
}): { source: IdentitySource; ids: string[]; duplicate: string | null } {
  const { rows, width, plan, sample, cell } = input;
  const all = (pick: (row: number) => string) => Array.from({ length: rows }, (_, row) => pick(row));
  const unique = (ids: string[]) => ids.every(Boolean) && new Set(ids).size === ids.length;
  const tries: Array<[IdentitySource, (row: number) => string]> = [];
  if (plan.index.reference >= 0) tries.push(['reference', (row) => cell(row, plan.index.reference)]);
  tries.push(['tick-name', (row) => nameFromTickLabel(input.tickName(row))]);
  const candidates = (wanted: (values: string[]) => boolean) => {
    const found: number[] = [];
    for (let column = 0; column < width; column += 1) {
      if (plan.volatile.has(column) || column === plan.index.date || column === plan.index.amount) continue;
      const values = sample.map((row) => row[column] ?? '');
      if (values.every(Boolean) && new Set(values).size === values.length && wanted(values))
        found.push(column);
    }
    return found;
  };
  const isDocument = (value: string) =>
    SHAPES.document.test(value) &&
    !SHAPES.date.test(value) &&
    !SHAPES.amount.test(value) &&
    !SHAPES.month.test(value);
  for (const column of candidates((values) => values.every(isDocument)))
    tries.push(['document-number', (row) => cell(row, column)]);
  for (const column of candidates((values) =>
    values.every((v) => !isDocument(v) && !SHAPES.amount.test(v) && !SHAPES.date.test(v)),
  ))
    tries.push(['column', (row) => cell(row, column)]);
  for (const [source, pick] of tries) {
    const ids = all(pick);
    if (unique(ids)) return { source, ids, duplicate: null };
  }
  const ids = all((row) => {
    const parts: string[] = [];
    for (let column = 0; column < width; column += 1) {
      const text = plan.volatile.has(column) ? '' : cell(row, column);
      if (text) parts.push(text);
    }
    return parts.join(' · ');
  });
  const seen = new Set<string>();
  const clash = ids.find((id) => {
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });
  return { source: 'row-text', ids, duplicate: clash ?? null };
}
