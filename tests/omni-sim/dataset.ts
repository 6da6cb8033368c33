// The seeded Omni company: a small NZ outdoor-gear wholesaler, deterministic so tests can name every row.
import type { Provider } from './types.ts';

export type ContactRole = 'customer' | 'supplier';

export interface Contact {
  name: string;
  email: string;
  role: ContactRole;
  linked: boolean;
  /** Listed on Customers/Suppliers even without a transaction against it (bulk rows). */
  alwaysListed?: boolean;
  status: 'active' | 'removed';
  error?: string;
}

export type TxnStatus = 'pending' | 'synced' | 'error' | 'removed';

export interface Txn {
  ref: string;
  /** The sub-tab the document lives on (visible label, without count). */
  list: string;
  contact?: string;
  date: string; // ISO yyyy-mm-dd
  amount: number;
  currency: string;
  orderRef?: string;
  /** Payments: the invoice paid. Absent = an invoice synced long ago. */
  invoiceRef?: string;
  /** Invoices: the cost of goods this order adds to its month's COGS once imported. */
  cost?: number;
  /** Adjustments: the journal lines' totals. */
  debits?: number;
  credits?: number;
  adjustmentType?: string;
  account?: string;
  status: TxnStatus;
  error?: string;
  /** The Errors sub-tab it moved to when it failed (undefined = the error shows on its own list). */
  errorsSubTab?: string;
}

export interface ReadOnlyRow {
  cells: string[];
}

export interface Discrepancy {
  ref: string;
  contact: string;
  date: string;
  omniTotal: number;
  ledgerTotal: number;
}

export interface Dataset {
  organisation: string;
  currencies: string[];
  contacts: Contact[];
  txns: Txn[];
  /** COGS already imported from orders invoiced before today, by month (yyyy-mm). */
  importedCost: Map<string, number>;
  /** COGS journals in the ledger, by month. */
  journals: Map<string, number>;
  /** Months listed on COGS since its last Refresh Data, with the amount shown. */
  cogsRows: Map<string, number>;
  taxRates: ReadOnlyRow[];
  accounts: ReadOnlyRow[];
  soDiscrepancies: Discrepancy[];
  poDiscrepancies: Discrepancy[];
}

function contact(name: string, email: string, role: ContactRole, linked: boolean): Contact {
  return { name, email, role, linked, status: 'active' };
}

function txn(
  list: string,
  ref: string,
  fields: Omit<Txn, 'list' | 'ref' | 'status' | 'currency'> & { currency?: string },
): Txn {
  return { list, ref, currency: 'NZD', status: 'pending', ...fields };
}

export function seedDataset(provider: Provider): Dataset {
  const contacts: Contact[] = [
    contact('Harbour Cafe Ltd', 'accounts@harbourcafe.co.nz', 'customer', true),
    contact('Tui Trail Runners', 'orders@tuitrail.co.nz', 'customer', true),
    contact('Wellington Climbing Co', 'admin@wgtnclimbing.co.nz', 'customer', true),
    contact('Bondi Surf Co Pty Ltd', 'ap@bondisurf.com.au', 'customer', true),
    contact('Kauri Coast Outfitters', 'hello@kauricoast.co.nz', 'customer', false),
    contact('Southern Alps Adventures', 'office@southernalps.nz', 'customer', false),
    contact('Rangitoto Retail Group', 'finance@rangitotoretail.co.nz', 'customer', false),
    contact('Alpine Textiles Ltd', 'sales@alpinetextiles.co.nz', 'supplier', true),
    contact('Pacific Freight Forwarders', 'billing@pacfreight.co.nz', 'supplier', true),
    contact('Canterbury Leatherworks', 'accounts@cantyleather.co.nz', 'supplier', false),
    contact('Shenzhen Outdoor Gear Co', 'export@szoutdoorgear.cn', 'supplier', false),
  ];

  const inv = (
    ref: string,
    orderRef: string,
    who: string,
    date: string,
    amount: number,
    cost: number,
    currency = 'NZD',
  ) => txn('Invoices', ref, { orderRef, contact: who, date, amount, cost, currency });
  const txns: Txn[] = [
    inv('INV-10231', 'SO-5201', 'Harbour Cafe Ltd', '2026-10-02', 1150.0, 610.0),
    inv('INV-10232', 'SO-5204', 'Tui Trail Runners', '2026-10-06', 2384.5, 1290.25),
    inv('INV-10233', 'SO-5207', 'Kauri Coast Outfitters', '2026-10-09', 3420.0, 1802.4),
    inv('INV-10234', 'SO-5211', 'Wellington Climbing Co', '2026-10-15', 879.9, 455.0),
    inv('INV-10235', 'SO-5215', 'Southern Alps Adventures', '2026-10-21', 5210.75, 2988.1),
    inv('INV-10236', 'SO-5218', 'Harbour Cafe Ltd', '2026-10-28', 462.3, 240.0),
    inv('INV-10237', 'SO-5222', 'Bondi Surf Co Pty Ltd', '2026-11-03', 1895.0, 1010.6, 'AUD'),
    inv('INV-10238', 'SO-5226', 'Kauri Coast Outfitters', '2026-11-09', 1276.4, 701.2),
    inv('INV-10239', 'SO-5229', 'Tui Trail Runners', '2026-11-16', 318.0, 160.0),
    inv('INV-10240', 'SO-5233', 'Wellington Climbing Co', '2026-11-24', 2045.6, 1120.0),

    // Payments: the first two pay invoices synced long ago and show now; the rest wait for their invoice.
    txn('Payments', 'PMT-7701', {
      invoiceRef: 'INV-10228',
      contact: 'Harbour Cafe Ltd',
      date: '2026-10-12',
      amount: 980.0,
    }),
    txn('Payments', 'PMT-7702', {
      invoiceRef: 'INV-10229',
      contact: 'Tui Trail Runners',
      date: '2026-10-19',
      amount: 1425.0,
    }),
    txn('Payments', 'PMT-7703', {
      invoiceRef: 'INV-10231',
      contact: 'Harbour Cafe Ltd',
      date: '2026-10-30',
      amount: 1150.0,
    }),
    txn('Payments', 'PMT-7704', {
      invoiceRef: 'INV-10233',
      contact: 'Kauri Coast Outfitters',
      date: '2026-11-06',
      amount: 1710.0,
    }),
    txn('Payments', 'PMT-7705', {
      invoiceRef: 'INV-10234',
      contact: 'Wellington Climbing Co',
      date: '2026-11-12',
      amount: 879.9,
    }),

    txn('Credit Notes', 'CN-2041', {
      orderRef: 'SO-5201',
      contact: 'Harbour Cafe Ltd',
      date: '2026-10-08',
      amount: 45.0,
    }),
    txn('Credit Notes', 'CN-2042', {
      orderRef: 'SO-5215',
      contact: 'Southern Alps Adventures',
      date: '2026-10-27',
      amount: 120.0,
    }),
    // A zero-value credit note: Xero refuses it.
    txn('Credit Notes', 'CN-2043', {
      orderRef: 'SO-5204',
      contact: 'Tui Trail Runners',
      date: '2026-11-02',
      amount: 0,
    }),

    txn('Supplier Invoices', 'BILL-3101', {
      orderRef: 'PO-3101',
      contact: 'Alpine Textiles Ltd',
      date: '2026-10-05',
      amount: 7820.0,
    }),
    txn('Supplier Invoices', 'BILL-3102', {
      orderRef: 'PO-3102',
      contact: 'Canterbury Leatherworks',
      date: '2026-10-14',
      amount: 2150.0,
    }),
    txn('Supplier Invoices', 'BILL-3103', {
      orderRef: 'PO-3103',
      contact: 'Shenzhen Outdoor Gear Co',
      date: '2026-10-30',
      amount: 12640.0,
      currency: 'USD',
    }),
    txn('Supplier Invoices', 'BILL-3104', {
      orderRef: 'PO-3104',
      contact: 'Pacific Freight Forwarders',
      date: '2026-11-11',
      amount: 960.0,
    }),

    txn('Supplier Credit Notes', 'SCN-0412', {
      orderRef: 'PO-3101',
      contact: 'Alpine Textiles Ltd',
      date: '2026-10-18',
      amount: 310.0,
    }),
    txn('Supplier Credit Notes', 'SCN-0413', {
      orderRef: 'PO-3102',
      contact: 'Canterbury Leatherworks',
      date: '2026-11-04',
      amount: 85.0,
    }),

    txn('Adjustments', 'ADJ-0091', {
      adjustmentType: 'Stock Take',
      date: '2026-10-31',
      amount: 420.0,
      debits: 420.0,
      credits: 420.0,
    }),
    txn('Adjustments', 'ADJ-0092', {
      adjustmentType: 'Write Off',
      date: '2026-11-07',
      amount: 96.5,
      debits: 96.5,
      credits: 96.5,
    }),
    // Unbalanced: one journal line lost its account mapping in Omni.
    txn('Adjustments', 'ADJ-0093', {
      adjustmentType: 'Stock Revaluation',
      date: '2026-11-14',
      amount: 150.0,
      debits: 150.0,
      credits: 120.0,
    }),
  ];

  if (provider === 'xero') {
    txns.push(
      txn('Landed Costs', 'LC-0057', {
        orderRef: 'PO-3101',
        contact: 'Pacific Freight Forwarders',
        date: '2026-10-07',
        amount: 640.0,
        account: '425 Freight & Courier',
      }),
      // No account chosen in Omni's settings for customs duty.
      txn('Landed Costs', 'LC-0058', {
        orderRef: 'PO-3103',
        contact: 'Pacific Freight Forwarders',
        date: '2026-11-01',
        amount: 1185.0,
      }),
      txn('Gift Vouchers', 'GV-100231', { contact: 'Harbour Cafe Ltd', date: '2026-10-11', amount: 100.0 }),
      txn('Gift Vouchers', 'GV-100232', { contact: 'Tui Trail Runners', date: '2026-11-02', amount: 50.0 }),
      // Sold online to a UK visitor; the organisation has no GBP.
      txn('Gift Vouchers', 'GV-100233', {
        contact: 'Wellington Climbing Co',
        date: '2026-11-19',
        amount: 75.0,
        currency: 'GBP',
      }),
      txn('Store Credits', 'SC-0311', {
        contact: 'Wellington Climbing Co',
        date: '2026-10-24',
        amount: 60.0,
      }),
      txn('Store Credits', 'SC-0312', {
        contact: 'Rangitoto Retail Group',
        date: '2026-11-13',
        amount: 230.0,
      }),
    );
  } else {
    txns.push(
      txn('Purchase Orders', 'PO-3105', {
        contact: 'Alpine Textiles Ltd',
        date: '2026-11-18',
        amount: 4410.0,
      }),
      txn('Purchase Orders', 'PO-3106', {
        contact: 'Canterbury Leatherworks',
        date: '2026-11-20',
        amount: 1290.0,
      }),
      txn('Purchase Orders', 'PO-3107', {
        contact: 'Shenzhen Outdoor Gear Co',
        date: '2026-11-25',
        amount: 8800.0,
        currency: 'USD',
      }),
    );
  }

  // Already on the Errors tab from an earlier session.
  txns.push({
    ...txn('Invoices', 'INV-10219', {
      orderRef: 'SO-5170',
      contact: 'Harbour Cafe Ltd',
      date: '2026-09-14',
      amount: 710.0,
      cost: 0,
    }),
    status: 'error',
    error: 'Account code or ID must be specified',
    errorsSubTab: 'Invoices',
  });
  if (provider === 'qbo') {
    txns.push({
      ...txn('Fees and payouts', 'PAYOUT-2026-10', { contact: 'Cin7 Pay', date: '2026-10-31', amount: 38.4 }),
      status: 'error',
      error: 'Account code or ID must be specified',
      errorsSubTab: 'Fees and payouts',
    });
  }

  return {
    organisation: 'Kiwi Outdoor Supplies Ltd',
    currencies: ['NZD', 'AUD', 'USD'],
    contacts,
    txns,
    importedCost: new Map([
      ['2026-08', 5120.4],
      ['2026-09', 4210.5],
      ['2026-10', 6120.0],
      ['2026-11', 1830.25],
    ]),
    journals: new Map([
      ['2026-08', 5120.4],
      ['2026-09', 3980.5],
      ['2026-10', 5870.0],
    ]),
    cogsRows: new Map([
      ['2026-09', 4210.5],
      ['2026-10', 5870.0],
    ]),
    taxRates: [
      { cells: ['GST on Income', 'OUTPUT2', '15.00%'] },
      { cells: ['GST on Expenses', 'INPUT2', '15.00%'] },
      { cells: ['No GST', 'NONE', '0.00%'] },
      { cells: ['Zero Rated', 'ZERORATED', '0.00%'] },
    ],
    accounts: [
      { cells: ['200', 'Sales', 'Revenue'] },
      { cells: ['310', 'Cost of Goods Sold', 'Direct Costs'] },
      { cells: ['425', 'Freight & Courier', 'Expense'] },
      { cells: ['630', 'Inventory', 'Current Asset'] },
      { cells: ['800', 'Accounts Payable', 'Current Liability'] },
    ],
    soDiscrepancies: [
      {
        ref: 'SO-5188',
        contact: 'Tui Trail Runners',
        date: '2026-09-22',
        omniTotal: 1240.0,
        ledgerTotal: 1204.0,
      },
      { ref: 'SO-5193', contact: 'Harbour Cafe Ltd', date: '2026-09-29', omniTotal: 388.5, ledgerTotal: 0 },
    ],
    poDiscrepancies: [
      {
        ref: 'PO-3094',
        contact: 'Alpine Textiles Ltd',
        date: '2026-09-16',
        omniTotal: 5400.0,
        ledgerTotal: 5350.0,
      },
    ],
  };
}

/** Replace one list's rows with `rows` generated documents that all sync (benchmarks). */
export function addBulkRows(data: Dataset, subTab: string, rows: number): void {
  const pad = (n: number) => String(n).padStart(5, '0');
  if (subTab === 'Customers' || subTab === 'Suppliers') {
    const role: ContactRole = subTab === 'Customers' ? 'customer' : 'supplier';
    data.contacts = data.contacts.filter((c) => c.role !== role || c.linked);
    for (let i = 1; i <= rows; i++) {
      data.contacts.push({
        ...contact(
          `Bulk ${role === 'customer' ? 'Customer' : 'Supplier'} ${pad(i)}`,
          `bulk${i}@example.co.nz`,
          role,
          false,
        ),
        alwaysListed: true,
      });
    }
    return;
  }
  data.txns = data.txns.filter((t) => t.list !== subTab || t.status === 'error');
  const supplierLists = ['Supplier Invoices', 'Supplier Credit Notes', 'Landed Costs', 'Purchase Orders'];
  const who = supplierLists.includes(subTab) ? 'Alpine Textiles Ltd' : 'Harbour Cafe Ltd';
  const prefix = subTab
    .split(' ')
    .map((w) => w[0])
    .join('')
    .toUpperCase();
  for (let i = 1; i <= rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const amount = 100 + ((i * 37) % 900) + (i % 100) / 100;
    data.txns.push(
      txn(subTab, `${prefix}-B${pad(i)}`, {
        contact: subTab === 'Adjustments' ? undefined : who,
        orderRef: `SO-B${pad(i)}`,
        date: `2026-11-${day}`,
        amount,
        cost: subTab === 'Invoices' ? Math.round(amount * 55) / 100 : undefined,
        debits: amount,
        credits: amount,
        adjustmentType: 'Stock Take',
        account: '425 Freight & Courier',
      }),
    );
  }
}
