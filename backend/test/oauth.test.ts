import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../plugins/clock';
import { FakeQbo } from './fake-qbo';
import { FakeXero } from './fake-xero';
import { buildTestProxy, type TestProxy } from './helper';

/** Real time plus an offset the test moves forward, shared by the proxy and the fakes. */
function offsetClock() {
  const clock = {
    offsetMs: 0,
    now: () => Date.now() + clock.offsetMs,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  };
  return clock satisfies Clock;
}

const verifyInvoice = (proxy: TestProxy, provider: 'xero' | 'qbo' = 'xero') =>
  proxy.app.inject({
    method: 'POST',
    url: '/api/verify',
    headers: proxy.headers,
    payload: { provider, kind: 'sales-invoice', references: ['INV-1'] },
  });

const status = async (proxy: TestProxy) =>
  (await proxy.app.inject({ method: 'GET', url: '/api/status', headers: proxy.headers })).json().connections;

describe('Xero OAuth: connect, callback, refresh, disconnect', () => {
  let clock: ReturnType<typeof offsetClock>;
  let xero: FakeXero;
  let proxy: TestProxy;

  beforeEach(async () => {
    clock = offsetClock();
    xero = await new FakeXero({
      organisations: [{ name: 'Refresh Co', invoices: [{ id: 'i-1', number: 'INV-1', type: 'ACCREC' }] }],
      now: clock.now,
    }).start();
    proxy = await buildTestProxy({ xero, clock });
  });

  afterEach(async () => {
    await proxy.close();
    await xero.stop();
  });

  it('asks for read-only scopes and a fresh state per attempt', async () => {
    const first = (
      await proxy.app.inject({ method: 'GET', url: '/api/connect/xero', headers: proxy.headers })
    ).json();
    const second = (
      await proxy.app.inject({ method: 'GET', url: '/api/connect/xero', headers: proxy.headers })
    ).json();
    const firstUrl = new URL(first.authorizeUrl);
    const scopes = firstUrl.searchParams.get('scope')?.split(' ') ?? [];
    expect(scopes).toContain('offline_access');
    expect(
      scopes.filter((scope) => scope !== 'offline_access').every((scope) => scope.endsWith('.read')),
    ).toBe(true);
    expect(firstUrl.searchParams.get('redirect_uri')).toBe('http://localhost:8787/api/callback/xero');
    expect(firstUrl.searchParams.get('state')).not.toBe(
      new URL(second.authorizeUrl).searchParams.get('state'),
    );
  });

  it('refuses a callback whose state is unknown, reused or too old', async () => {
    const started = (
      await proxy.app.inject({ method: 'GET', url: '/api/connect/xero', headers: proxy.headers })
    ).json();
    const redirect = new URL(xero.consent(started.authorizeUrl));
    const forged = new URL(redirect);
    forged.searchParams.set('state', 'forged-state');
    expect(
      (await proxy.app.inject({ method: 'GET', url: `${forged.pathname}${forged.search}` })).statusCode,
    ).toBe(400);

    const callback = `${redirect.pathname}${redirect.search}`;
    expect((await proxy.app.inject({ method: 'GET', url: callback })).statusCode).toBe(200);
    const replay = await proxy.app.inject({ method: 'GET', url: callback });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('expired or was already used');

    const late = (
      await proxy.app.inject({ method: 'GET', url: '/api/connect/xero', headers: proxy.headers })
    ).json();
    clock.offsetMs += 16 * 60_000;
    const lateRedirect = new URL(xero.consent(late.authorizeUrl));
    expect(
      (await proxy.app.inject({ method: 'GET', url: `${lateRedirect.pathname}${lateRedirect.search}` }))
        .statusCode,
    ).toBe(400);
  });

  it('completes the callback reached by a top-level navigation from Xero: cross-site, no key', async () => {
    const started = (
      await proxy.app.inject({ method: 'GET', url: '/api/connect/xero', headers: proxy.headers })
    ).json();
    const redirect = new URL(xero.consent(started.authorizeUrl));
    const page = await proxy.app.inject({
      method: 'GET',
      url: `${redirect.pathname}${redirect.search}`,
      headers: {
        host: 'localhost:8787',
        'sec-fetch-site': 'cross-site',
        'sec-fetch-mode': 'navigate',
        'sec-fetch-dest': 'document',
      },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Connected to Xero');
  });

  it('shows the refusal when the user declines, with the text escaped', async () => {
    const started = (
      await proxy.app.inject({ method: 'GET', url: '/api/connect/xero', headers: proxy.headers })
    ).json();
    const state = new URL(started.authorizeUrl).searchParams.get('state') ?? '';
    const page = await proxy.app.inject({
      method: 'GET',
      url: `/api/callback/xero?state=${state}&error=access_denied&error_description=${encodeURIComponent('<script>x</script>')}`,
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain('&#60;script&#62;');
    expect(await status(proxy)).toEqual([]);
  });

  it('refreshes 2 minutes before expiry, not earlier, and saves the rotated token', async () => {
    await proxy.connect('xero');
    const [before] = await status(proxy);
    clock.offsetMs += 1800_000 - 3 * 60_000;
    expect((await verifyInvoice(proxy)).statusCode).toBe(200);
    expect(xero.identity.refreshCalls).toBe(0);

    clock.offsetMs += 2 * 60_000;
    expect((await verifyInvoice(proxy)).statusCode).toBe(200);
    expect(xero.identity.refreshCalls).toBe(1);
    const [after] = await status(proxy);
    expect(Date.parse(after.tokenExpiresAt)).toBeGreaterThan(Date.parse(before.tokenExpiresAt));

    // The rotated refresh token was saved: the next refresh, long after the grace period, still works.
    xero.identity.reuseGraceMs = 0;
    clock.offsetMs += 29 * 60_000;
    expect((await verifyInvoice(proxy)).statusCode).toBe(200);
    expect(xero.identity.refreshCalls).toBe(2);
  });

  it('two concurrent requests share one refresh', async () => {
    await proxy.connect('xero');
    xero.identity.reuseGraceMs = 0;
    clock.offsetMs += 1800_000 - 60_000;
    const [first, second] = await Promise.all([verifyInvoice(proxy), verifyInvoice(proxy)]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(xero.identity.refreshCalls).toBe(1);
    expect((await status(proxy))[0].state).toBe('connected');
  });

  it('survives a lost refresh response: the request fails, the next one refreshes again', async () => {
    await proxy.connect('xero');
    xero.identity.loseNextRefreshResponse = true;
    clock.offsetMs += 1800_000 - 60_000;
    const lost = await verifyInvoice(proxy);
    expect(lost.statusCode).toBe(502);
    expect(lost.json().error).toBe('provider_unavailable');
    const [afterLoss] = await status(proxy);
    expect(afterLoss.state).toBe('connected');
    expect(afterLoss.lastError).toMatch(/Token refresh failed/);

    const retried = await verifyInvoice(proxy);
    expect(retried.statusCode).toBe(200);
    expect(xero.identity.refreshCalls).toBe(2);
    expect((await status(proxy))[0].lastError).toBeNull();
  });

  it('keeps a rotated token it cannot save in memory, answers 503, and saves it on the next request', async () => {
    await proxy.connect('xero');
    // Strict rotation: a refresh token used once is dead, so losing the new one would lose the connection.
    xero.identity.reuseGraceMs = 0;
    const saveTokens = vi.spyOn(proxy.store, 'saveTokens').mockImplementation(() => {
      throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
    });
    try {
      clock.offsetMs += 1800_000 - 60_000;
      const full = await verifyInvoice(proxy);
      expect(full.statusCode).toBe(503);
      expect(full.json()).toEqual({
        error: 'storage_unavailable',
        message: expect.stringContaining('database or disk is full'),
      });
      expect(saveTokens.mock.calls.length).toBeGreaterThan(1);
      expect(xero.identity.refreshCalls).toBe(1);
      // Still full: the next request tries the save again before anything else, and says so again.
      expect((await verifyInvoice(proxy)).statusCode).toBe(503);
      expect(xero.identity.refreshCalls).toBe(1);
    } finally {
      saveTokens.mockRestore();
    }
    // Space again: the tokens held in memory are saved, no second refresh is needed.
    expect((await verifyInvoice(proxy)).statusCode).toBe(200);
    expect(xero.identity.refreshCalls).toBe(1);
    const [connection] = await status(proxy);
    expect(connection.state).toBe('connected');

    // What was saved is the rotated token: the next refresh works although the grace period is gone.
    clock.offsetMs += 1800_000;
    expect((await verifyInvoice(proxy)).statusCode).toBe(200);
    expect(xero.identity.refreshCalls).toBe(2);
    expect((await status(proxy))[0].state).toBe('connected');
  });

  it('marks the connection "needs reconnecting" on invalid_grant and stops calling the identity provider', async () => {
    await proxy.connect('xero');
    xero.identity.refuseRefresh = true;
    clock.offsetMs += 1800_000;
    const refused = await verifyInvoice(proxy);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toBe('needs_reconnect');
    const [connection] = await status(proxy);
    expect(connection.state).toBe('needs_reconnect');
    expect(connection.lastError).toMatch(/invalid_grant/);

    expect((await verifyInvoice(proxy)).statusCode).toBe(409);
    expect(xero.identity.refreshCalls).toBe(1);

    // Connecting again replaces the dead connection.
    xero.identity.refuseRefresh = false;
    expect((await proxy.connect('xero')).statusCode).toBe(200);
    expect((await status(proxy)).map((c: { state: string }) => c.state)).toEqual(['connected']);
  });

  it('refreshes once when Xero rejects a token before its expiry', async () => {
    await proxy.connect('xero');
    xero.identity.expireAllAccessTokens();
    expect((await verifyInvoice(proxy)).statusCode).toBe(200);
    expect(xero.identity.refreshCalls).toBe(1);
  });

  it('disconnect revokes the grant and deletes the connection', async () => {
    await proxy.connect('xero');
    const [connection] = await status(proxy);
    const response = await proxy.app.inject({
      method: 'DELETE',
      url: `/api/connections/${connection.id}`,
      headers: proxy.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ disconnected: true, revoked: true });
    expect(xero.identity.revokeCalls).toBe(1);
    expect(await status(proxy)).toEqual([]);
    expect((await verifyInvoice(proxy)).json().error).toBe('no_connection');
    const again = await proxy.app.inject({
      method: 'DELETE',
      url: `/api/connections/${connection.id}`,
      headers: proxy.headers,
    });
    expect(again.statusCode).toBe(404);
  });
});

describe('QuickBooks Online OAuth', () => {
  let clock: ReturnType<typeof offsetClock>;
  let qbo: FakeQbo;
  let proxy: TestProxy;

  beforeEach(async () => {
    clock = offsetClock();
    qbo = await new FakeQbo(
      [
        {
          realmId: '9130350000000001',
          name: 'Sandbox Co',
          documents: { Invoice: [{ id: '101', number: 'INV-1' }] },
        },
      ],
      clock.now,
    ).start();
    proxy = await buildTestProxy({ qbo, clock });
  });

  afterEach(async () => {
    await proxy.close();
    await qbo.stop();
  });

  it('connects with the accounting scope and our own state check', async () => {
    const started = (
      await proxy.app.inject({ method: 'GET', url: '/api/connect/qbo', headers: proxy.headers })
    ).json();
    const url = new URL(started.authorizeUrl);
    expect(url.searchParams.get('scope')).toBe('com.intuit.quickbooks.accounting');
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:8787/api/callback/qbo');
    const redirect = new URL(qbo.consent(started.authorizeUrl));
    redirect.searchParams.set('state', 'not-ours');
    expect(
      (await proxy.app.inject({ method: 'GET', url: `${redirect.pathname}${redirect.search}` })).statusCode,
    ).toBe(400);

    const page = await proxy.connect('qbo');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sandbox Co');
    expect(await status(proxy)).toMatchObject([
      { provider: 'qbo', tenantId: '9130350000000001', organisationName: 'Sandbox Co', callsLeftToday: null },
    ]);
  });

  it('refreshes under the lock, once for concurrent requests', async () => {
    await proxy.connect('qbo');
    qbo.identity.reuseGraceMs = 0;
    clock.offsetMs += 3600_000 - 60_000;
    const replies = await Promise.all([
      verifyInvoice(proxy, 'qbo'),
      verifyInvoice(proxy, 'qbo'),
      verifyInvoice(proxy, 'qbo'),
    ]);
    expect(replies.map((reply) => reply.statusCode)).toEqual([200, 200, 200]);
    expect(qbo.identity.refreshCalls).toBe(1);
    expect(replies[0]?.json().results).toEqual([{ reference: 'INV-1', status: 'found', ledgerIds: ['101'] }]);
  });

  it('lost refresh response, then invalid_grant', async () => {
    await proxy.connect('qbo');
    qbo.identity.loseNextRefreshResponse = true;
    clock.offsetMs += 3600_000 - 60_000;
    expect((await verifyInvoice(proxy, 'qbo')).statusCode).toBe(502);
    expect((await verifyInvoice(proxy, 'qbo')).statusCode).toBe(200);

    qbo.identity.refuseRefresh = true;
    clock.offsetMs += 3600_000;
    expect((await verifyInvoice(proxy, 'qbo')).json().error).toBe('needs_reconnect');
    expect((await status(proxy))[0].state).toBe('needs_reconnect');
  });

  it('disconnect revokes at Intuit', async () => {
    await proxy.connect('qbo');
    const [connection] = await status(proxy);
    const response = await proxy.app.inject({
      method: 'DELETE',
      url: `/api/connections/${connection.id}`,
      headers: proxy.headers,
    });
    expect(response.json()).toEqual({ disconnected: true, revoked: true });
    expect(qbo.identity.revokeCalls).toBe(1);
  });
});
