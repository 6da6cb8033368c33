import type { ContactMatch, VerifyResponse } from '../../lib/proxy-api';
import { ProxyError } from '../errors';

/** Case-, width- and space-insensitive form of a name or reference: "  ACME  Ltd" and "acme ltd" meet. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export interface LedgerContact {
  id: string;
  name: string;
}

export function matchContacts(
  names: string[],
  ledgerContacts: LedgerContact[],
): Array<{ name: string; matches: ContactMatch[] }> {
  const byNormalName = new Map<string, LedgerContact[]>();
  for (const contact of ledgerContacts) {
    const key = normaliseText(contact.name);
    byNormalName.set(key, [...(byNormalName.get(key) ?? []), contact]);
  }
  return names.map((name) => ({
    name,
    matches: (byNormalName.get(normaliseText(name)) ?? []).map((contact) => ({
      id: contact.id,
      name: contact.name,
      exact: contact.name === name,
    })),
  }));
}

export interface LedgerDocument {
  id: string;
  reference: string;
}

/** Found once / missing / found more than once, in the order the references were asked for. */
export function classifyReferences(
  references: string[],
  documents: LedgerDocument[],
): VerifyResponse['results'] {
  const idsByReference = new Map<string, Set<string>>();
  for (const document of documents) {
    const key = normaliseText(document.reference);
    const ids = idsByReference.get(key) ?? new Set<string>();
    ids.add(document.id);
    idsByReference.set(key, ids);
  }
  return references.map((reference) => {
    const ledgerIds = [...(idsByReference.get(normaliseText(reference)) ?? [])];
    const status = ledgerIds.length === 0 ? 'missing' : ledgerIds.length === 1 ? 'found' : 'duplicate';
    return { reference, status, ledgerIds };
  });
}

/** Distinct values by normalised form, keeping the first spelling. */
export function distinctValues(values: string[]): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    const key = normaliseText(value);
    if (!seen.has(key)) seen.set(key, value.trim());
  }
  return [...seen.values()];
}

/**
 * Packs values into as few batches as possible such that each batch's cost stays within `budget`.
 * `cost(batch)` is the full cost of a candidate batch (e.g. the encoded URL length), so separators and
 * escaping are accounted for exactly. A single value over budget is answered 400 rather than silently
 * dropped: 255 characters that each take nine once URL-encoded cannot be looked up.
 */
function tooLongToLookUp(value: string): ProxyError {
  return new ProxyError(
    400,
    'bad_request',
    `references: "${value.length > 40 ? `${value.slice(0, 40)}…` : value}" is too long to look up in the ledger once URL-encoded; shorten it or check it by hand.`,
  );
}

export function packBatches(values: string[], cost: (batch: string[]) => number, budget: number): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  for (const value of values) {
    const candidate = [...current, value];
    if (cost(candidate) <= budget) {
      current = candidate;
      continue;
    }
    if (current.length > 0) batches.push(current);
    current = [value];
    if (cost(current) > budget) throw tooLongToLookUp(value);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
