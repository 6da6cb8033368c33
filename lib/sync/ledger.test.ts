import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ConnectionStatus } from '../proxy-api';
import { PROXY_NAME } from '../proxy-api';
import { writeSecret } from '../secrets';
import {
  activeRunItem,
  ledgerChoiceItem,
  omniConnectionItem,
  proxyStateItem,
  runHistoryItem,
  settingsItem,
} from '../storage';
import { applyRunEvent, startOrJoin } from './controller';
import { chooseConnection, screenRows, uploadExistingContacts, verifyRun } from './ledger';
import type { RunState } from './run';

const PROXY = 'http://localhost:8787';

const organisation = (
  id: string,
  organisationName: string,
  state: ConnectionStatus['state'] = 'connected',
): ConnectionStatus => ({
  id,
  provider: 'xero',
  organisationName,
  tenantId: `tenant-${id}`,
  tokenExpiresAt: '2026-12-02T12:00:00Z',
  callsLeftToday: null,
  state,
  lastError: null,
});
const HARBOUR = organisation('0b8a4c1e-1111-4a2b-9c3d-000000000001', 'Harbour Outdoor Ltd');
const KAURI = organisation('0b8a4c1e-2222-4a2b-9c3d-000000000002', 'Kauri Coast Ltd');

async function connected(...connections: ConnectionStatus[]) {
  await proxyStateItem.setValue({ state: 'ok', version: 'test', connections, checkedAt: 0 });
}

/** A stand-in for the companion proxy: answers by path, and counts the calls. */
const proxy = {
  calls: [] as Array<{ path: string; body: unknown }>,
  down: false,
  existing: ['Acme Ltd'] as string[],
  lockDate: '2026-03-31' as string | null,
  ledger: { 'INV-1': 'found', 'INV-2': 'missing', 'INV-3': 'duplicate' } as Record<string, string>,
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

async function answer(url: string, init?: RequestInit): Promise<Response> {
  const { pathname } = new URL(url);
  const body = init?.body ? JSON.parse(String(init.body)) : null;
  proxy.calls.push({ path: pathname, body });
  if (proxy.down) throw new TypeError('fetch failed');
  if (pathname === '/health') return json({ ok: true, name: PROXY_NAME, version: 'test' });
  if (pathname === '/api/status') return json({ connections: [], configuredProviders: ['xero'] });
  if (pathname === '/api/contacts/check') {
    return json({
      results: body.names.map((name: string) => ({
        name,
        matches: proxy.existing.includes(name) ? [{ id: 'c1', name: name.toUpperCase(), exact: false }] : [],
      })),
      calls: 1,
    });
  }
  if (pathname === '/api/lock-date')
    return json({ lockDate: proxy.lockDate, endOfYearLockDate: '2025-12-31' });
  if (pathname === '/api/verify') {
    return json({
      results: body.references.map((reference: string) => ({
        reference,
        status: proxy.ledger[reference] ?? 'missing',
        ledgerIds: [],
      })),
      calls: 1,
    });
  }
  return json({ error: 'not_found', message: 'No such route.' }, 404);
}

const TAB = 5;
const page = {
  url: 'https://go.cin7.com/Cloud/AccountingV2/Dashboard.aspx',
  kind: 'dashboard' as const,
  provider: 'xero' as const,
  heading: 'Xero V2',
  tabs: [{ label: 'Sales', key: 'sales', count: null, active: true, known: true, syncs: true }],
  subTabs: [
    {
      label: 'Customers',
      key: 'customers',
      count: null,
      active: true,
      known: true,
      kind: 'contacts' as const,
      syncs: true,
    },
    {
      label: 'Invoices',
      key: 'invoices',
      count: null,
      active: false,
      known: true,
      kind: 'transactions' as const,
      syncs: true,
    },
  ],
  activeTab: 'Sales',
  activeSubTab: 'Customers',
  ledgerConnected: null,
  list: null,
  readAt: 0,
};

async function started(): Promise<RunState> {
  const result = await startOrJoin(TAB, { type: 'all' }, page, 1_000);
  if (!result.run) throw new Error('no run');
  return result.run;
}

const row = (reference: string, extra: { contact?: string; date?: string } = {}) => ({
  reference,
  contact: extra.contact ?? '',
  date: extra.date ?? '',
  amount: '10.00',
});

beforeEach(async () => {
  fakeBrowser.reset();
  await fakeBrowser.windows.create({ focused: true });
  await settingsItem.setValue({ proxyUrl: PROXY });
  await writeSecret('pairingKey', 'k'.repeat(32));
  Object.assign(proxy, { calls: [], down: false, existing: ['Acme Ltd'], lockDate: '2026-03-31' });
  vi.stubGlobal('fetch', vi.fn(answer));
  await connected(HARBOUR);
});

describe('before contacts are uploaded', () => {
  it('holds back the names the ledger already has, saying what to do', async () => {
    await started();
    const out = await screenRows(TAB, {
      stepId: 'sales/customers',
      rows: [row('Acme Ltd', { contact: 'Acme Ltd' }), row('Newco', { contact: 'Newco' })],
    });
    expect(out).toEqual([
      expect.objectContaining({
        reference: 'Acme Ltd',
        reason: expect.stringMatching(/^Exists in Xero as “ACME LTD”: not uploaded.*Search column/),
      }),
    ]);
  });

  it('holds nothing back once the user chose to upload them anyway, and sends the held ones again', async () => {
    await started();
    await applyRunEvent(TAB, [
      { type: 'stepStarted', stepId: 'sales/customers' },
      {
        type: 'heldBack',
        stepId: 'sales/customers',
        items: [{ ...row('Acme Ltd'), reason: 'Exists', fix: null }],
      },
      { type: 'stepFinished', stepId: 'sales/customers', found: 1 },
    ]);
    await uploadExistingContacts();
    const run = await activeRunItem.getValue();
    expect(run?.ledger?.uploadExisting).toBe(true);
    expect(run?.steps.find((step) => step.id === 'sales/customers')).toMatchObject({
      status: 'pending',
      held: [],
      failed: [],
    });
    expect(
      await screenRows(TAB, { stepId: 'sales/customers', rows: [row('Acme Ltd', { contact: 'Acme Ltd' })] }),
    ).toEqual([]);
  });

  it('a proxy that does not answer holds nothing back, and the run says the check was off', async () => {
    await started();
    proxy.down = true;
    expect(
      await screenRows(TAB, { stepId: 'sales/customers', rows: [row('Acme Ltd', { contact: 'Acme Ltd' })] }),
    ).toEqual([]);
    expect((await activeRunItem.getValue())?.ledger?.off?.contacts).toMatch(/is not reachable/);
  });
});

describe('before transactions are uploaded', () => {
  it('leaves out items dated on or before the lock date, asking for it once a run', async () => {
    await started();
    const rows = [
      row('INV-1', { date: '31/03/2026' }),
      row('INV-2', { date: '01/04/2026' }),
      row('INV-3', { date: '15/04/2026' }),
    ];
    const out = await screenRows(TAB, { stepId: 'sales/invoices', rows });
    expect(out.map((item) => [item.reference, item.reason])).toEqual([
      ['INV-1', 'In a locked period (lock date 2026-03-31): not sent; Xero would refuse it.'],
    ]);
    await screenRows(TAB, { stepId: 'sales/invoices', rows });
    expect(proxy.calls.filter((call) => call.path === '/api/lock-date')).toHaveLength(1);
    expect((await activeRunItem.getValue())?.ledger?.lockDate).toBe('2026-03-31');
  });

  it('without a lock date, or without a proxy, leaves nothing out; a failed ask is not repeated', async () => {
    await started();
    proxy.lockDate = null;
    proxy.calls = [];
    proxy.down = true;
    expect(
      await screenRows(TAB, { stepId: 'sales/invoices', rows: [row('INV-1', { date: '2020-01-01' })] }),
    ).toEqual([]);
    expect(
      await screenRows(TAB, { stepId: 'sales/invoices', rows: [row('INV-1', { date: '2020-01-01' })] }),
    ).toEqual([]);
    expect(proxy.calls.filter((call) => call.path === '/api/lock-date')).toHaveLength(1);
    expect((await activeRunItem.getValue())?.ledger?.off?.lockDate).toMatch(/not reachable/);
  });
});

describe('after the run', () => {
  it('looks every synced reference up in the ledger, once per document kind, and keeps the answer in history', async () => {
    await started();
    await applyRunEvent(TAB, [
      { type: 'stepStarted', stepId: 'sales/customers' },
      { type: 'stepFinished', stepId: 'sales/customers', found: 0 },
      { type: 'stepStarted', stepId: 'sales/invoices' },
      { type: 'submitting', stepId: 'sales/invoices', refs: ['INV-1', 'INV-2', 'INV-3'] },
      { type: 'verified', stepId: 'sales/invoices', synced: ['INV-1', 'INV-2', 'INV-3'], failed: [] },
      { type: 'stepFinished', stepId: 'sales/invoices', found: 3 },
    ]);
    let run = await activeRunItem.getValue();
    for (const step of run?.steps.filter((s) => s.status === 'pending') ?? []) {
      await applyRunEvent(TAB, [
        { type: 'stepStarted', stepId: step.id },
        { type: 'stepFinished', stepId: step.id, found: 0 },
      ]);
    }
    run = await activeRunItem.getValue();
    expect(run?.status).toBe('done');
    await verifyRun(run!, 9_000);
    const verified = await activeRunItem.getValue();
    expect(verified?.ledger?.verifiedAt).toBe(9_000);
    expect(verified?.steps.find((step) => step.id === 'sales/invoices')?.ledger).toEqual({
      'INV-1': 'found',
      'INV-2': 'missing',
      'INV-3': 'duplicate',
    });
    expect(proxy.calls.filter((call) => call.path === '/api/verify')).toEqual([
      {
        path: '/api/verify',
        body: {
          provider: 'xero',
          connectionId: HARBOUR.id,
          kind: 'sales-invoice',
          references: ['INV-1', 'INV-2', 'INV-3'],
        },
      },
    ]);
    expect((await runHistoryItem.getValue())[0]).toEqual(verified);
  });
});

describe('which organisation the checks read', () => {
  it('the one named like the organisation Omni posts to, among several', async () => {
    await connected(HARBOUR, KAURI);
    await omniConnectionItem.setValue({
      provider: 'xero',
      connected: true,
      organisation: 'kauri coast  LTD',
      seenAt: 0,
    });
    expect(await chooseConnection('xero')).toEqual({ id: KAURI.id, organisationName: 'Kauri Coast Ltd' });
  });

  it('none, and says why, when Omni posts to an organisation the proxy is not connected to', async () => {
    await omniConnectionItem.setValue({
      provider: 'xero',
      connected: true,
      organisation: 'Tui Trail Ltd',
      seenAt: 0,
    });
    expect(await chooseConnection('xero')).toEqual({
      off: 'Omni posts to “Tui Trail Ltd”, which is not connected to the proxy (Options → Connect Xero).',
    });
  });

  it('the only one, or the one picked in Options, when Omni has not said', async () => {
    expect(await chooseConnection('xero')).toMatchObject({ id: HARBOUR.id });
    await connected(HARBOUR, KAURI);
    expect(await chooseConnection('xero')).toEqual({
      off: 'several Xero organisations are connected to the proxy: pick the one for runs in Options.',
    });
    await ledgerChoiceItem.setValue({ xero: KAURI.id });
    expect(await chooseConnection('xero')).toMatchObject({ id: KAURI.id });
  });

  it('none while it needs reconnecting', async () => {
    await connected(organisation(HARBOUR.id, HARBOUR.organisationName, 'needs_reconnect'));
    expect(await chooseConnection('xero')).toEqual({
      off: 'Harbour Outdoor Ltd needs reconnecting (Options → Reconnect).',
    });
  });

  it('is chosen once a run, sent with every check, and kept on the run', async () => {
    await started();
    await screenRows(TAB, { stepId: 'sales/invoices', rows: [row('INV-1', { date: '2026-01-01' })] });
    expect(proxy.calls.find((call) => call.path === '/api/lock-date')).toBeDefined();
    expect((await activeRunItem.getValue())?.ledger?.connection).toEqual({
      id: HARBOUR.id,
      organisationName: 'Harbour Outdoor Ltd',
    });
  });
});
