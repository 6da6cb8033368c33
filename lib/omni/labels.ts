/**
 * Omni's vocabulary: the tab and sub-tab labels SPEC §2 documents, and how a label on the page is
 * normalised before it is compared ("Invoices (12)", "  ADJUSTMENTS &amp; cogs " and "Errors 3" all match).
 */

// Types only: the schemas they are inferred from stay out of the content script's bundle.
import type { Provider } from '../proxy-api';
import type { SubTabKind } from '../snapshots';

export type { SubTabKind };

export interface KnownTab {
  label: string;
  syncs: boolean;
  /** `only`: documented for that provider's dashboard alone. */
  subTabs: ReadonlyArray<{ label: string; kind: SubTabKind; only?: Provider }>;
}

export const KNOWN_TABS: readonly KnownTab[] = [
  {
    label: 'Sales',
    syncs: true,
    subTabs: [
      { label: 'Customers', kind: 'contacts' },
      { label: 'Invoices', kind: 'transactions' },
      { label: 'Credit Notes', kind: 'transactions' },
      { label: 'Payments', kind: 'upload-ticked' },
    ],
  },
  {
    label: 'Purchases',
    syncs: true,
    subTabs: [
      { label: 'Suppliers', kind: 'contacts' },
      { label: 'Purchase Orders', kind: 'transactions', only: 'qbo' },
      { label: 'Supplier Invoices', kind: 'transactions' },
      { label: 'Supplier Credit Notes', kind: 'transactions' },
      { label: 'Landed Costs', kind: 'upload-ticked' },
    ],
  },
  {
    label: 'Adjustments & COGS',
    syncs: true,
    subTabs: [
      { label: 'Adjustments', kind: 'transactions' },
      { label: 'COGS', kind: 'cogs' },
    ],
  },
  {
    label: 'Retail',
    syncs: true,
    subTabs: [
      { label: 'Gift Vouchers', kind: 'transactions' },
      { label: 'Store Credits', kind: 'transactions' },
    ],
  },
  {
    label: 'Admin',
    syncs: false,
    subTabs: [
      { label: 'Tax Rates', kind: 'read-only' },
      { label: 'Chart of Accounts', kind: 'read-only' },
    ],
  },
  {
    label: 'Errors',
    syncs: false,
    subTabs: [
      { label: 'Invoices', kind: 'read-only' },
      { label: 'Credit Notes', kind: 'read-only' },
      { label: 'Supplier Invoices', kind: 'read-only' },
      { label: 'Adjustments', kind: 'read-only' },
      { label: 'Fees and payouts', kind: 'read-only', only: 'qbo' },
    ],
  },
  {
    label: 'Discrepancies',
    syncs: false,
    subTabs: [
      { label: 'Sales Order Discrepancies', kind: 'read-only' },
      { label: 'Purchase Order Discrepancies', kind: 'read-only' },
    ],
  },
];

export interface NormalisedLabel {
  /** Comparison key: lower case, "&" spelt "and", punctuation and counts removed. */
  key: string;
  /** The label as a person reads it, count removed. */
  text: string;
  /** A count shown with the label ("Invoices (12)", a badge "Errors 3"), if any. */
  count: number | null;
}

const TRAILING_COUNT = /\s*(?:\(\s*(\d[\d,]*)\s*\)|\[\s*(\d[\d,]*)\s*\]|(\d[\d,]*))\s*$/;

export function normaliseLabel(raw: string): NormalisedLabel {
  let text = raw.replace(/\s+/g, ' ').trim();
  let count: number | null = null;
  const match = TRAILING_COUNT.exec(text);
  // A label that is only a number (a pager's "2") keeps it: there is no label left to strip it from.
  if (match && match.index > 0) {
    count = Number((match[1] ?? match[2] ?? match[3] ?? '').replace(/,/g, ''));
    text = text.slice(0, match.index).trim();
  }
  return { key: labelKey(text), text, count };
}

export function labelKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/&amp;|&/g, ' and ')
    .replace(/[^a-z0-9#]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const tabsByKey = new Map(KNOWN_TABS.map((tab) => [labelKey(tab.label), tab]));

export function knownTab(label: string): KnownTab | undefined {
  return tabsByKey.get(labelKey(label));
}

export const FIRST_ROW_KEYS: ReadonlySet<string> = new Set(tabsByKey.keys());

export const SUB_TAB_KEYS: ReadonlySet<string> = new Set(
  KNOWN_TABS.flatMap((tab) => tab.subTabs.map((sub) => labelKey(sub.label))),
);

/**
 * The kind of a sub-tab under a tab. An unknown sub-tab of a syncing tab is a transaction list of that
 * tab (SPEC §2); anything under a tab that does not sync is read-only.
 */
export function subTabKind(tabLabel: string, subTabLabel: string): { kind: SubTabKind; known: boolean } {
  const tab = knownTab(tabLabel);
  const key = labelKey(subTabLabel);
  const sub = tab?.subTabs.find((candidate) => labelKey(candidate.label) === key);
  if (sub) return { kind: sub.kind, known: true };
  return { kind: tab?.syncs ? 'transactions' : 'read-only', known: false };
}

export function providerFromText(text: string): Provider | null {
  const key = labelKey(text);
  if (/\bxero\b/.test(key)) return 'xero';
  if (/\bquickbooks\b|\bqbo\b/.test(key)) return 'qbo';
  return null;
}

export const PROVIDER_NAMES: Record<Provider, string> = { xero: 'Xero', qbo: 'QuickBooks Online' };
