/**
 * The companion proxy going away or misbehaving in the middle of a run: the run goes on, nothing is
 * posted twice, and the panel says the ledger checks are off and why. Paired as a user pairs it, on the
 * Options page; the first case uses the real proxy (the extension's calls must pass its origin, host and
 * key checks), the others a stand-in that answers slowly or with 429.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PROXY_NAME } from '../../lib/proxy-api';
import { feedLedger } from '../omni-sim/ledger-feed';
import {
  doubleUploads,
  PanelObject,
  pressPanelButton,
  type Session,
  simPaths,
  startSession,
  startSmartSyncAll,
  storedRun,
  waitForRun,
  waitForRunEnd,
} from './harness';
import { connectXero, KEY, pair, startLedger, startRealProxy } from './ledger';

/** What the stand-in's ledger holds: contact names, a lock date, how each reference verifies. */
interface StandInLedger {
  contacts: string[];
  lockDate: string | null;
  verify: Record<string, 'found' | 'missing' | 'duplicate'>;
}

/**
 * A stand-in proxy that answers as the real one does (health, status, and the ledger checks from the
 * ledger it is given), until told to misbehave.
 */
async function startStandIn(
  ledger: StandInLedger = { contacts: [], lockDate: null, verify: {} },
): Promise<{ url: string; mode: { now: 'ok' | 'slow' | '429' }; requests: string[]; close(): void }> {
  const mode: { now: 'ok' | 'slow' | '429' } = { now: 'ok' };
  const requests: string[] = [];
  const server: Server = createServer(async (request, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    const body = text ? JSON.parse(text) : null;
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    const cors = {
      'Access-Control-Allow-Origin': request.headers.origin ?? '*',
      'Access-Control-Allow-Headers': 'authorization, content-type',
    };
    if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
    const send = (status: number, body: unknown) =>
      response.writeHead(status, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (mode.now === 'slow') return; // never answers
    if (mode.now === '429') {
      return send(429, { error: 'too_many_requests', message: 'The proxy is busy: try again in a minute.' });
    }
    requests.push(path);
    if (path === '/health') return send(200, { ok: true, name: PROXY_NAME, version: 'stand-in' });
    if (path === '/api/contacts/check') {
      const results = (body.names as string[]).map((name) => ({
        name,
        matches: ledger.contacts.includes(name) ? [{ id: `c-${name}`, name, exact: true }] : [],
      }));
      return send(200, { results, calls: 1 });
    }
    if (path === '/api/lock-date') return send(200, { lockDate: ledger.lockDate, endOfYearLockDate: null });
    if (path === '/api/verify') {
      const results = (body.references as string[]).map((reference) => ({
        reference,
        status: ledger.verify[reference] ?? 'found',
        ledgerIds: [],
      }));
      return send(200, { results, calls: 1 });
    }
    const connection = {
      id: '5a0f6c2e-0000-4000-8000-000000000001',
      provider: 'xero',
      organisationName: 'Stand-in Ltd',
      tenantId: 'stand-in',
      tokenExpiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      callsLeftToday: null,
      state: 'connected',
      lastError: null,
    };
    return send(200, { connections: [connection], configuredProviders: ['xero'] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mode,
    requests,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const uploadingInvoices = (run: NonNullable<Awaited<ReturnType<typeof storedRun>>>) =>
  run.steps.some((step) => step.id === 'sales/invoices' && step.stage === 'uploading');

describe('the proxy going away in the middle of a run', () => {
  let session: Session | undefined;
  const cleanups: Array<() => void> = [];
  afterEach(async () => {
    await session?.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function runWith(url: string, misbehave: () => void) {
    session = await startSession({ provider: 'xero', navigation: 'inpage', uploadLatencyMs: 300 });
    const saved = await pair(session, url);
    expect(saved).toMatch(/^Saved\. (Proxy reachable|Ledger checks are on)/);
    await session.open(simPaths.dashboard);
    const panel = new PanelObject(session.page);
    await panel.waitVisible();
    await panel.waitForText(/Proxy reachable|Ledger checks are on/);
    await startSmartSyncAll(session.page);
    await waitForRun(session, uploadingInvoices);
    misbehave();
    expect(await waitForRunEnd(session.page, 80_000, session)).toMatch(/^Smart Sync All finished/);
    const run = await storedRun(session);
    expect(run?.steps.find((step) => step.id === 'sales/invoices')?.synced.length).toBeGreaterThan(0);
    expect(doubleUploads(session.sim)).toEqual([]);
    expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
    return panel;
  }

  it('the real proxy killed: the run finishes, and the panel says the ledger checks are off', async () => {
    const proxy = await startRealProxy();
    cleanups.push(() => proxy.close());
    const panel = await runWith(proxy.url, () => proxy.process.kill('SIGKILL'));
    await panel.waitForText(
      /Ledger checks are off: The proxy at http:\/\/127\.0\.0\.1:\d+ is not reachable\./,
    );
  });

  it('a proxy that stops answering: the run does not wait for it', async () => {
    const proxy = await startStandIn();
    cleanups.push(() => proxy.close());
    const panel = await runWith(proxy.url, () => {
      proxy.mode.now = 'slow';
    });
    await panel.waitForText(/Ledger checks are off: The proxy at .* did not answer in 4 s\./, 15_000);
  });

  it('a proxy answering 429: the run goes on, and the panel gives the proxy’s reason', async () => {
    const proxy = await startStandIn();
    cleanups.push(() => proxy.close());
    const panel = await runWith(proxy.url, () => {
      proxy.mode.now = '429';
    });
    await panel.waitForText(/Ledger checks are off: The proxy is busy: try again in a minute\./);
  });
});

describe('the ledger checks inside a run', () => {
  let session: Session | undefined;
  const cleanups: Array<() => void> = [];
  afterEach(async () => {
    await session?.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('holds back a contact the ledger has, leaves out an item in a locked period, and verifies what the ledger got', async () => {
    // The real proxy, connected to a fake Xero that Omni's simulator posts to as the run syncs.
    const ledger = await startLedger({
      name: 'Harbour Outdoor Ltd',
      contacts: [{ name: 'Kauri Coast Outfitters' }],
      periodLockDate: '2026-10-02',
    });
    cleanups.push(() => ledger.close());
    session = await startSession({ provider: 'xero', navigation: 'inpage' });
    // The ledger misses one invoice Omni synced, and holds another twice.
    feedLedger(session.sim, ledger.xero, ledger.tenantId, { skip: ['INV-10234'], twice: ['INV-10236'] });
    expect(await pair(session, ledger.proxy.url)).toMatch(/^Saved\. Proxy reachable/);
    await connectXero(session, 'Harbour Outdoor Ltd');
    await session.open(simPaths.dashboard);
    const panel = new PanelObject(session.page);
    await panel.waitVisible();
    await panel.waitForText(/Ledger checks are on: Harbour Outdoor Ltd \(Xero\)/);
    await startSmartSyncAll(session.page);
    await waitForRunEnd(session.page, 80_000, session);
    const sent = (subTab: string) =>
      session!.sim
        .uploads()
        .filter((upload) => upload.subTab === subTab)
        .flatMap((upload) => upload.refs);
    // Held back: never ticked, never uploaded, so no duplicate is made in the ledger.
    expect(sent('Customers').join(' ')).not.toMatch(/Kauri/);
    expect(sent('Customers').length).toBeGreaterThan(0);
    // Dated on the lock date: left out; the next day's invoices went.
    expect(sent('Invoices')).not.toContain('INV-10231');
    expect(sent('Invoices')).toContain('INV-10234');
    const run = await storedRun(session);
    const invoices = run?.steps.find((step) => step.id === 'sales/invoices');
    expect(invoices?.failed.find((item) => item.reference === 'INV-10231')?.reason).toMatch(
      /^In a locked period \(lock date 2026-10-02\)/,
    );
    await panel.waitForText(/Lock date in Xero: 2026-10-02/);
    await panel.waitForText(/1 contact already in Xero was not uploaded/);
    await panel.waitForText(/In Xero: \d+ found once, 1 missing, 1 found more than once\./, 20_000);
    await panel.waitForText(/Check in Xero.*INV-10234.*no such document.*INV-10236.*more than once/);
    expect(doubleUploads(session.sim)).toEqual([]);
    expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
  });

  it('“Upload them anyway” sends the held contacts in the same run', async () => {
    const proxy = await startStandIn({ contacts: ['Kauri Coast Outfitters'], lockDate: null, verify: {} });
    cleanups.push(() => proxy.close());
    session = await startSession({ provider: 'xero', navigation: 'inpage', uploadLatencyMs: 400 });
    expect(await pair(session, proxy.url)).toMatch(/^Saved\. Ledger checks are on: Stand-in Ltd/);
    await session.open(simPaths.dashboard);
    await new PanelObject(session.page).waitVisible();
    await startSmartSyncAll(session.page);
    await waitForRun(session, (run) =>
      run.steps.some(
        (step) => step.id === 'sales/customers' && step.status !== 'active' && step.status !== 'pending',
      ),
    );
    await pressPanelButton(session.page, 'Upload them anyway');
    await waitForRun(session, (run) => run.status === 'done', 80_000);
    const customers = session.sim
      .uploads()
      .filter((upload) => upload.subTab === 'Customers')
      .flatMap((upload) => upload.refs);
    expect(customers.filter((ref) => /Kauri/.test(ref))).toHaveLength(1);
    expect(doubleUploads(session.sim)).toEqual([]);
    expect(session.sim.actions().filter((action) => !action.allowed)).toEqual([]);
  });
});

describe('connecting a ledger from Options', () => {
  let session: Session | undefined;
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    await session?.close();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('Connect Xero: the consent page, the callback, and the connection shows by itself; a refused refresh asks for a reconnect', async () => {
    const { xero, proxy, close } = await startLedger({ name: 'Harbour Outdoor Ltd' });
    cleanups.push(close);
    // Access tokens that expire at once: every ledger call refreshes first.
    xero.identity.accessTokenLifetimeSeconds = 1;
    session = await startSession({ provider: 'xero', navigation: 'inpage' });
    expect(await pair(session, proxy.url)).toMatch(/no ledger is connected/);
    const options = await session.browser.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/options.html`, { waitUntil: 'load' });
    const consent = session.browser.waitForTarget((target) => target.url().includes('/api/callback/xero'), {
      timeout: 15_000,
    });
    const connect = await options.waitForSelector('::-p-text(Connect Xero)');
    await connect?.click();
    await consent;
    await options.waitForSelector('::-p-text(Connected to Harbour Outdoor Ltd (Xero).)', { timeout: 20_000 });
    const health = await options.$eval(
      '[data-connection="Harbour Outdoor Ltd"] [data-role="token-health"]',
      (element) => element.textContent,
    );
    expect(health).toBe('valid');

    // The ledger stops accepting the refresh token: the next ledger call finds out, and Options says so.
    xero.identity.refuseRefresh = true;
    const refused = await fetch(`${proxy.url}/api/lock-date?provider=xero`, {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    expect(refused.status).toBe(409);
    await options.reload({ waitUntil: 'load' });
    const reconnect = await options.waitForSelector('::-p-text(Reconnect)', { timeout: 15_000 });
    expect(reconnect).not.toBeNull();
    expect(
      await options.$eval(
        '[data-connection="Harbour Outdoor Ltd"] [data-role="token-health"]',
        (element) => element.textContent,
      ),
    ).toMatch(/^needs reconnect/);
  });
});
