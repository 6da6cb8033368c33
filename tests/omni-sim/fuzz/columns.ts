// What each column of a list means, and the header words a rendering shows for it. Omni's header words are
// unknown (SPEC §2), so a variant may use the model's words, synonyms, words nobody would pattern-match, or
// icons without text.
import type { DashboardView } from '../omni.ts';
import { type LabelCase, mix, type RenderingVariant } from './variant.ts';

export type Field = 'reference' | 'contact' | 'date' | 'amount' | 'error' | 'other';

type ListShape = Pick<DashboardView, 'kind' | 'columns' | 'subTab'>;

/** The meaning of a model column: the ground truth a reader's column guess is checked against. */
export function fieldOf(list: ListShape, column: string): Field {
  switch (list.kind) {
    case 'contacts':
      return column === 'Name' ? 'contact' : column === 'Errors' ? 'error' : 'other';
    case 'cogs':
      return column === 'Month' ? 'reference' : column === 'Amount' ? 'amount' : 'error';
    case 'admin':
      return column === list.columns[0] ? 'reference' : 'other';
    default:
      if (column === 'Errors') return 'error';
      if (column === 'Date' || column.endsWith(' Date')) return 'date';
      if (column === 'Customer' || column === 'Supplier' || column === 'Contact') return 'contact';
      if (column === 'Total' || column === 'Amount' || column === 'Omni Total') return 'amount';
      // Every transaction, Errors and Discrepancies list leads with the document's own number.
      return column === list.columns[0] ? 'reference' : 'other';
  }
}

const REFERENCE_WORDS = ['Reference', 'Ref.', 'Number', 'Doc #', 'Document No.'];

const SYNONYMS: Record<string, string[]> = {
  'Invoice #': ['Invoice #', 'Invoice No.', 'Number', 'Doc #', 'Reference', 'Ref.'],
  'Credit Note #': ['Credit Note #', 'Credit Note No.', 'CN #', 'Number', 'Doc #', 'Reference'],
  'PO #': ['PO #', 'PO Number', 'Number', 'Doc #', 'Reference'],
  'Voucher #': ['Voucher #', 'Voucher No.', 'Code', 'Number', 'Reference'],
  Reference: REFERENCE_WORDS,
  Customer: ['Customer', 'Client', 'Customer Name', 'Contact'],
  Supplier: ['Supplier', 'Vendor', 'Supplier Name', 'Contact'],
  Contact: ['Contact', 'Customer / Supplier', 'Name'],
  'Invoice Date': ['Invoice Date', 'Date', 'Issued', 'Posted'],
  'Payment Date': ['Payment Date', 'Date', 'Paid', 'Posted'],
  'Order Date': ['Order Date', 'Date', 'Ordered', 'Posted'],
  'Issue Date': ['Issue Date', 'Date', 'Issued'],
  Date: ['Date', 'Posted', 'Issued', 'Doc. Date'],
  Total: ['Total', 'Amount', 'Value', 'Total (incl. GST)'],
  Amount: ['Amount', 'Total', 'Value'],
  'Omni Total': ['Omni Total', 'Cin7 Total', 'Total in Omni'],
  Errors: ['Errors', 'Error', 'Message', 'Sync error', 'Problem'],
  Month: ['Month', 'Period', 'Journal month'],
  'Order Ref': ['Order Ref', 'Sales Order', 'SO #', 'Order'],
  'PO Ref': ['PO Ref', 'Purchase Order', 'PO No.'],
  Email: ['Email', 'E-mail', 'Email Address'],
  Search: ['Search', 'Link', 'Find contact'],
  Status: ['Status', 'Import Status', 'Import?'],
  Currency: ['Currency', 'Ccy'],
  Account: ['Account', 'Account Code', 'GL Account'],
  Type: ['Type', 'Kind'],
  Debits: ['Debits', 'Debit', 'Dr'],
  Credits: ['Credits', 'Credit', 'Cr'],
};

/** Lists whose amounts are all in the organisation's currency, where "Total (NZD)" is true. */
const HOME_CURRENCY_LISTS = [
  'Credit Notes',
  'Supplier Credit Notes',
  'Payments',
  'Landed Costs',
  'Store Credits',
];

const OPAQUE: Record<Field, string | null> = {
  reference: 'Document',
  contact: 'Party',
  date: 'When',
  amount: 'Sum',
  error: 'Notes',
  other: null,
};

function candidates(list: ListShape, column: string): string[] {
  if (list.kind === 'admin') return [column];
  if (list.kind === 'contacts' && column === 'Name') {
    return list.subTab === 'Suppliers'
      ? ['Name', 'Supplier Name', 'Supplier', 'Vendor', 'Contact']
      : ['Name', 'Customer Name', 'Customer', 'Client', 'Contact'];
  }
  // On Payments "Invoice #" is the invoice paid, not the row's own number.
  if (list.subTab === 'Payments' && column === 'Invoice #') return ['Invoice #', 'Invoice', 'For Invoice'];
  const words = SYNONYMS[column] ?? [column];
  const homeCurrency = list.kind === 'cogs' || HOME_CURRENCY_LISTS.includes(list.subTab);
  return (column === 'Total' || column === 'Amount') && homeCurrency ? [...words, 'Total (NZD)'] : words;
}

/** The header word for each model column (before case and whitespace), distinct within the list. */
export function headerWords(variant: RenderingVariant, list: ListShape): string[] {
  const wording = variant.headers.wording;
  if (wording === 'model' || wording === 'icons') return [...list.columns];
  const used = new Set<string>();
  return list.columns.map((column) => {
    const options =
      wording === 'opaque' ? [OPAQUE[fieldOf(list, column)] ?? column, column] : candidates(list, column);
    const start = wording === 'opaque' ? 0 : mix(variant.seed, `header:${list.subTab}:${column}`);
    for (let i = 0; i < options.length; i++) {
      const word = options[(start + i) % options.length]!;
      if (!used.has(word.toLowerCase())) {
        used.add(word.toLowerCase());
        return word;
      }
    }
    used.add(column.toLowerCase());
    return column;
  });
}

export function applyCase(text: string, labelCase: LabelCase): string {
  return labelCase === 'upper' ? text.toUpperCase() : labelCase === 'lower' ? text.toLowerCase() : text;
}

/** Whitespace a template leaves around a label (what "  invoices\n" looks like in the markup). */
export function pad(text: string, padded: boolean): string {
  return padded ? `\n          ${text}\n        ` : text;
}

/** Text as a DOM reader gets it: trimmed, inner whitespace collapsed. */
export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
