/**
 * A connector for tests (Dark Reader's `mock.ts`): the views run without a background. It serves the
 * status it is given, pushes new ones when told, and records every command as a vitest spy.
 */
import { vi } from 'vitest';
import type { ConnectionStatus } from '@/lib/proxy-api';
import type { PageSnapshot, StatusSnapshot } from '@/lib/snapshots';
import type { Connector, StatusUpdate } from './connector';

export const ORGANISATION: ConnectionStatus = {
  id: 'c1',
  provider: 'xero',
  organisationName: 'Demo Outdoor Co',
  tenantId: 't1',
  tokenExpiresAt: '2026-11-27T10:00:00.000Z',
  callsLeftToday: null,
  state: 'connected',
  lastError: null,
};

/** The Xero dashboard on Sales → Invoices, as the content script reads it. */
export const DASHBOARD: PageSnapshot = {
  url: 'https://go.cin7.com/Cloud/AccountingV2/Dashboard.aspx',
  kind: 'dashboard',
  provider: 'xero',
  heading: 'Xero V2 Accounting Dashboard',
  tabs: [{ label: 'Sales', key: 'sales', count: null, active: true, known: true, syncs: true }],
  subTabs: [
    {
      label: 'Invoices',
      key: 'invoices',
      count: 3,
      active: true,
      known: true,
      syncs: true,
      kind: 'transactions',
    },
  ],
  activeTab: 'Sales',
  activeSubTab: 'Invoices',
  ledgerConnected: null,
  list: { state: 'rows', rows: 3, pager: null },
  readAt: 0,
};

/** All well: this tab on the dashboard, Omni connected to Xero, the proxy paired with one organisation. */
export function fakeStatus(overrides: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    page: DASHBOARD,
    layout: {},
    omniConnection: { provider: 'xero', connected: true, organisation: null, seenAt: 0 },
    proxy: { state: 'ok', version: '1.0.0', connections: [ORGANISATION], checkedAt: 0 },
    ledgerChoice: {},
    settings: { proxyUrl: 'http://localhost:8787', pairingKeySet: true },
    shortcut: null,
    run: null,
    history: [],
    ...overrides,
  };
}

export type FakeConnector = ReturnType<typeof fakeConnector>;

/** `status`: what the background says at first; undefined keeps the views waiting for it. */
export function fakeConnector(status?: StatusSnapshot) {
  const listeners = new Set<(update: StatusUpdate) => void>();
  let current: StatusUpdate | null = status ? { status } : null;
  /** What the commands that answer with the status return: the last one given. */
  let latest = status ?? fakeStatus();
  const snapshot = async () => latest;
  const tell = (update: StatusUpdate) => {
    current = update;
    if ('status' in update) latest = update.status;
    for (const listener of listeners) listener(update);
  };
  const started = { started: true, message: 'Started.' };
  const connector = {
    watchStatus: vi.fn<Connector['watchStatus']>((listener) => {
      listeners.add(listener);
      if (current) listener(current);
      return () => listeners.delete(listener);
    }),
    refreshStatus: vi.fn<Connector['refreshStatus']>(() => {
      if (current) tell(current);
    }),
    start: vi.fn<Connector['start']>(async () => started),
    preview: vi.fn<Connector['preview']>(async () => started),
    cancel: vi.fn<Connector['cancel']>(async () => undefined),
    resume: vi.fn<Connector['resume']>(async () => undefined),
    uploadExisting: vi.fn<Connector['uploadExisting']>(async () => undefined),
    exportRun: vi.fn<Connector['exportRun']>(async () => undefined),
    copyOutline: vi.fn<Connector['copyOutline']>(async () => ({
      outline: 'Omni Smart Sync — page outline',
      copied: true,
    })),
    showInOmni: vi.fn<Connector['showInOmni']>(),
    setPanelPrefs: vi.fn<Connector['setPanelPrefs']>(),
    refreshProxy: vi.fn<Connector['refreshProxy']>(snapshot),
    saveSettings: vi.fn<Connector['saveSettings']>(snapshot),
    connectLedger: vi.fn<Connector['connectLedger']>(async () => undefined),
    chooseLedger: vi.fn<Connector['chooseLedger']>(async () => undefined),
    disconnectLedger: vi.fn<Connector['disconnectLedger']>(snapshot),
    openDashboard: vi.fn<Connector['openDashboard']>(async () => undefined),
    showTab: vi.fn<Connector['showTab']>(async () => true),
    openOptions: vi.fn<Connector['openOptions']>(),
    optionsUrl: 'chrome-extension://omni-smart-sync/options.html',
  } satisfies Connector;
  return Object.assign(connector, {
    /** The background's state changed: the watching views get this status. */
    push: (next: StatusSnapshot) => tell({ status: next }),
    /** The background did not answer. */
    fail: (error: unknown) => tell({ error }),
  });
}
