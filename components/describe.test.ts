import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '@/lib/proxy-api';
import type { DashboardLayout, PageSnapshot, SubTabInfo } from '@/lib/snapshots';
import { describePage, describeProxy, overview } from './describe';

const connection = (state: ConnectionStatus['state'], overrides: Partial<ConnectionStatus> = {}) => ({
  id: 'c1',
  provider: 'xero' as const,
  organisationName: 'Demo Company (NZ)',
  tenantId: 't1',
  tokenExpiresAt: '2026-11-27T10:00:00.000Z',
  callsLeftToday: null,
  state,
  lastError: null,
  ...overrides,
});

const tab = (label: string, key: string, active = false, syncs = true) => ({
  label,
  key,
  count: null,
  active,
  known: true,
  syncs,
});

const subTab = (
  label: string,
  kind: SubTabInfo['kind'],
  overrides: Partial<SubTabInfo> = {},
): SubTabInfo => ({
  label,
  key: label.toLowerCase(),
  count: null,
  active: false,
  known: true,
  kind,
  syncs: kind !== 'read-only',
  ...overrides,
});

function page(overrides: Partial<PageSnapshot> = {}): PageSnapshot {
  return {
    url: 'https://go.cin7.com/Cloud/Accounting/',
    kind: 'dashboard',
    provider: 'xero',
    heading: 'Xero V2 Accounting Dashboard',
    tabs: [
      tab('Sales', 'sales', true),
      tab('Purchases', 'purchases'),
      tab('Retail', 'retail'),
      tab('Errors', 'errors', false, false),
    ],
    subTabs: [
      subTab('Customers', 'contacts', { count: 2 }),
      subTab('Invoices', 'transactions', { count: 12, active: true }),
    ],
    activeTab: 'Sales',
    activeSubTab: 'Invoices',
    ledgerConnected: null,
    list: { state: 'rows', rows: 9, pager: null },
    readAt: 0,
    ...overrides,
  };
}

describe('describeProxy', () => {
  it('says ledger checks are off, and syncing still works, when no proxy is set or it cannot be used', () => {
    expect(describeProxy({ state: 'not-configured' })).toEqual({
      on: false,
      text: 'Ledger checks are off: no proxy is set in Options. Syncing still works.',
    });
    expect(
      describeProxy({ state: 'unreachable', message: 'No answer from localhost:8787.', checkedAt: 1 }),
    ).toEqual({
      on: false,
      text: 'Ledger checks are off: No answer from localhost:8787. Syncing still works.',
    });
    expect(describeProxy({ state: 'unauthorised', message: 'Wrong pairing key.', checkedAt: 1 }).text).toBe(
      'Ledger checks are off: Wrong pairing key. Syncing still works.',
    );
  });

  it('names the connected ledgers, and is on when at least one is connected', () => {
    const proxy = {
      state: 'ok' as const,
      version: '1.0.0',
      checkedAt: 1,
      connections: [
        connection('connected'),
        connection('needs_reconnect', { provider: 'qbo', organisationName: 'Books Inc' }),
      ],
    };
    expect(describeProxy(proxy)).toEqual({
      on: true,
      text: 'Ledger checks are on: Demo Company (NZ) (Xero), Books Inc (QuickBooks Online).',
    });
    expect(describeProxy({ ...proxy, connections: [connection('needs_reconnect')] }).on).toBe(false);
  });

  it('says so when the proxy has no ledger connected', () => {
    expect(describeProxy({ state: 'ok', version: '1.0.0', checkedAt: 1, connections: [] })).toEqual({
      on: false,
      text: 'Proxy reachable, but no ledger is connected to it: ledger checks are off.',
    });
  });
});

describe('describePage', () => {
  it('names what the tab shows', () => {
    expect(describePage(null)).toBe('No Cin7 Omni page is open in this tab.');
    expect(describePage(page())).toBe('Xero V2 Accounting Dashboard found.');
    expect(describePage(page({ provider: 'qbo' }))).toBe('QuickBooks Online V2 Accounting Dashboard found.');
    expect(describePage(page({ provider: null }))).toMatch(/names no provider .*syncing is off/);
    expect(describePage(page({ kind: 'login' }))).toMatch(/login page/);
    expect(describePage(page({ kind: 'error' }))).toBe(
      'Omni is showing an error page. Nothing will be clicked here.',
    );
    expect(describePage(page({ kind: 'other' }))).toBe('This Omni page is not the Accounting Dashboard.');
  });

  it('says plainly that V1 is not supported', () => {
    expect(describePage(page({ kind: 'dashboard-v1' }))).toBe(
      'This is the Xero V1 dashboard. V1 dashboards are not supported: open Accounting → Xero V2.',
    );
    expect(describePage(page({ kind: 'dashboard-v1', provider: null }))).toMatch(
      /^This is the legacy V1 dashboard/,
    );
  });

  it('tells the connect page’s state', () => {
    expect(describePage(page({ kind: 'connect', ledgerConnected: true }))).toBe(
      'Settings → Connect: Omni is connected to Xero.',
    );
    expect(describePage(page({ kind: 'connect', ledgerConnected: false, provider: null }))).toBe(
      'Settings → Connect: Omni is not connected to the ledger.',
    );
  });
});

describe('overview', () => {
  const remembered: DashboardLayout = {
    purchases: {
      label: 'Purchases',
      subTabs: [
        subTab('Suppliers', 'contacts', { count: 1 }),
        subTab('Freight Bills', 'transactions', { known: false }),
      ],
      seenAt: 5,
    },
  };

  it('shows the open tab as the page shows it, the open list counted by its rows', () => {
    const [sales] = overview(page(), remembered);
    expect(sales).toMatchObject({ label: 'Sales', active: true, syncs: true });
    expect(sales?.subTabs.map((sub) => [sub.label, sub.seen, sub.pending])).toEqual([
      ['Customers', true, 2],
      ['Invoices', true, 9],
    ]);
  });

  it('uses the sub-tab’s count while the open list is still loading', () => {
    const [sales] = overview(page({ list: { state: 'loading', rows: 0, pager: null } }), {});
    expect(sales?.subTabs.find((sub) => sub.label === 'Invoices')?.pending).toBe(12);
  });

  it('shows other tabs as last seen', () => {
    const purchases = overview(page(), remembered)[1];
    expect(purchases).toMatchObject({ label: 'Purchases', active: false });
    expect(purchases?.subTabs.map((sub) => [sub.label, sub.seen, sub.pending, sub.known])).toEqual([
      ['Suppliers', true, 1, true],
      ['Freight Bills', true, null, false],
    ]);
  });

  it('shows unopened tabs with their documented sub-tabs for this provider, not seen', () => {
    const xero = overview(page(), {});
    expect(xero[1]?.subTabs.map((sub) => sub.label)).toEqual([
      'Suppliers',
      'Supplier Invoices',
      'Supplier Credit Notes',
      'Landed Costs',
    ]);
    expect(xero[1]?.subTabs.every((sub) => !sub.seen && sub.pending === null && !sub.active)).toBe(true);
    expect(xero[1]?.subTabs[0]).toMatchObject({
      key: 'suppliers',
      kind: 'contacts',
      syncs: true,
      known: true,
    });
    expect(xero[2]?.subTabs.map((sub) => sub.label)).toEqual(['Gift Vouchers', 'Store Credits']);

    const qbo = overview(page({ provider: 'qbo' }), {});
    expect(qbo[1]?.subTabs.map((sub) => sub.label)).toContain('Purchase Orders');
    expect(qbo[3]?.subTabs.map((sub) => sub.label)).toContain('Fees and payouts');
    expect(xero[3]?.subTabs.map((sub) => sub.label)).not.toContain('Fees and payouts');
    expect(xero[3]).toMatchObject({ syncs: false });
    expect(xero[3]?.subTabs.every((sub) => sub.kind === 'read-only' && !sub.syncs)).toBe(true);
  });
});
