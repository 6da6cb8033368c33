import { describe, expect, it } from 'vitest';
import type { Provider } from '../proxy-api';
import { type LayoutTab, planRun } from './planner';

const order = (tabs: LayoutTab[], provider: Provider | null = 'xero') =>
  planRun(tabs, provider).map((step) => `${step.phase}:${step.subTab}`);

const XERO: LayoutTab[] = [
  { label: 'Sales', subTabs: ['Customers', 'Invoices', 'Credit Notes', 'Payments'] },
  {
    label: 'Purchases',
    subTabs: ['Suppliers', 'Supplier Invoices', 'Supplier Credit Notes', 'Landed Costs'],
  },
  { label: 'Adjustments & COGS', subTabs: ['Adjustments', 'COGS'] },
  { label: 'Retail', subTabs: ['Gift Vouchers', 'Store Credits'] },
  { label: 'Admin', subTabs: ['Tax Rates', 'Chart of Accounts'] },
  { label: 'Errors', subTabs: ['Invoices', 'Credit Notes', 'Supplier Invoices', 'Adjustments'] },
  { label: 'Discrepancies', subTabs: ['Sales Order Discrepancies', 'Purchase Order Discrepancies'] },
];

describe('planRun', () => {
  it('orders a Xero dashboard: contacts, dependencies, revisit, then the report reads', () => {
    expect(order(XERO)).toEqual([
      'contacts:Customers',
      'contacts:Suppliers',
      'sync:Invoices',
      'sync:Credit Notes',
      'sync:Payments',
      'sync:Supplier Invoices',
      'sync:Supplier Credit Notes',
      'sync:Landed Costs',
      'sync:Adjustments',
      'sync:COGS',
      'sync:Gift Vouchers',
      'sync:Store Credits',
      'revisit:Payments',
      'report:Invoices',
      'report:Credit Notes',
      'report:Supplier Invoices',
      'report:Adjustments',
      'report:Sales Order Discrepancies',
      'report:Purchase Order Discrepancies',
    ]);
  });

  it('orders a QBO dashboard: Purchase Orders before Supplier Invoices, no Retail', () => {
    const qbo: LayoutTab[] = [
      { label: 'Sales', subTabs: ['Customers', 'Invoices', 'Credit Notes', 'Payments'] },
      {
        label: 'Purchases',
        subTabs: ['Suppliers', 'Purchase Orders', 'Supplier Invoices', 'Supplier Credit Notes'],
      },
      { label: 'Adjustments and COGS', subTabs: ['Adjustments', 'COGS'] },
      { label: 'Errors', subTabs: ['Fees and payouts'] },
    ];
    expect(order(qbo, 'qbo')).toEqual([
      'contacts:Customers',
      'contacts:Suppliers',
      'sync:Invoices',
      'sync:Credit Notes',
      'sync:Payments',
      'sync:Purchase Orders',
      'sync:Supplier Invoices',
      'sync:Supplier Credit Notes',
      'sync:Adjustments',
      'sync:COGS',
      'revisit:Payments',
      'report:Fees and payouts',
    ]);
  });

  it('puts an unknown sub-tab after its own tab’s known lists, before the next tab', () => {
    const tabs: LayoutTab[] = [
      { label: 'Sales', subTabs: ['Customers', 'Deposits (3)', 'Invoices', 'Payments'] },
      { label: 'Purchases', subTabs: ['Suppliers', 'Freight Bills', 'Supplier Invoices'] },
      { label: 'Retail', subTabs: ['Gift Vouchers'] },
    ];
    const steps = planRun(tabs, 'xero');
    expect(steps.map((step) => step.subTab)).toEqual([
      'Customers',
      'Suppliers',
      'Invoices',
      'Payments',
      'Deposits',
      'Supplier Invoices',
      'Freight Bills',
      'Gift Vouchers',
      'Payments',
    ]);
    expect(steps.find((step) => step.subTab === 'Freight Bills')).toMatchObject({
      known: false,
      kind: 'transactions',
    });
  });

  it('plans unopened tabs from the documentation, marked expected, for the provider', () => {
    const steps = planRun(
      [
        { label: 'Sales', subTabs: ['Customers', 'Invoices'] },
        { label: 'Purchases', subTabs: null },
      ],
      'xero',
    );
    const purchases = steps.filter((step) => step.tab === 'Purchases');
    expect(purchases.map((step) => step.subTab)).toEqual([
      'Suppliers',
      'Supplier Invoices',
      'Supplier Credit Notes',
      'Landed Costs',
    ]);
    expect(purchases.every((step) => step.expected)).toBe(true);
    expect(steps.filter((step) => step.tab === 'Sales').every((step) => !step.expected)).toBe(true);
  });

  it('has nothing to do on a dashboard without syncing tabs, and ids stay stable across re-plans', () => {
    expect(order([{ label: 'Admin', subTabs: ['Tax Rates'] }])).toEqual([]);
    const before = planRun([{ label: 'Sales', subTabs: null }], 'xero').map((step) => step.id);
    const after = planRun(
      [{ label: 'Sales', subTabs: ['Customers', 'Invoices (4)', 'Credit Notes', 'Payments'] }],
      'xero',
    );
    expect(after.map((step) => step.id)).toEqual(before);
  });
});
