import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXTENSION_ID, errorBodySchema } from '../../lib/proxy-api';
import { FAILURE_WINDOW_MS, MAX_AUTH_FAILURES } from '../plugins/auth';
import { Redactor } from '../plugins/redact';
import { FakeXero } from './fake-xero';
import { buildTestProxy, type TestProxy } from './helper';

function offsetClock() {
  const clock = {
    offsetMs: 0,
    now: () => Date.now() + clock.offsetMs,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  };
  return clock;
}

describe('pairing key, CORS and failed-auth limit', () => {
  let proxy: TestProxy;
  let clock: ReturnType<typeof offsetClock>;

  beforeEach(async () => {
    clock = offsetClock();
    proxy = await buildTestProxy({ clock });
  });
  afterEach(() => proxy.close());

  it('answers the health check and readiness without a key, naming the store and whether it answers', async () => {
    const response = await proxy.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ok: true,
      name: 'omni-smart-sync-proxy',
      version: expect.any(String),
      store: 'sqlite',
      database: 'ok',
    });
    const ready = await proxy.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true, store: 'sqlite' });
  });

  it('answers 401 JSON to every other route without the right key', async () => {
    const routes = [
      ['GET', '/api/status'],
      ['GET', '/api/connect/xero'],
      ['DELETE', '/api/connections/abc'],
      ['POST', '/api/contacts/check'],
      ['GET', '/api/lock-date?provider=xero'],
      ['POST', '/api/verify'],
      ['GET', '/api/nothing-here'],
    ] as const;
    for (const [method, url] of routes) {
      const missing = await proxy.app.inject({ method, url });
      expect(missing.statusCode, `${method} ${url}`).toBe(401);
      expect(errorBodySchema.parse(missing.json()).error).toBe('unauthorized');
    }
    const wrong = await proxy.app.inject({
      method: 'GET',
      url: '/api/status',
      headers: { authorization: 'Bearer not-the-key' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await proxy.app.inject({ method: 'GET', url: '/api/status', headers: proxy.headers });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toEqual({ connections: [], configuredProviders: [] });
  });

  it(`holds wrong keys off after ${MAX_AUTH_FAILURES} of them, never the right key`, async () => {
    const guess = (attempt: number) =>
      proxy.app.inject({
        method: 'GET',
        url: '/api/status',
        headers: { authorization: `Bearer guess-${attempt}` },
      });
    for (let attempt = 0; attempt < MAX_AUTH_FAILURES; attempt++) {
      expect((await guess(attempt)).statusCode).toBe(401);
    }
    const blocked = await guess(MAX_AUTH_FAILURES);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().error).toBe('too_many_requests');
    const right = await proxy.app.inject({ method: 'GET', url: '/api/status', headers: proxy.headers });
    expect(right.statusCode).toBe(200);
    expect((await proxy.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    clock.offsetMs += FAILURE_WINDOW_MS + 1;
    expect((await guess(0)).statusCode).toBe(401);
  });

  it('a web page cannot lock the extension out: image requests are refused, missing keys not counted', async () => {
    // What <img src="http://127.0.0.1:8787/api/status"> on any site sends.
    const fromPage = {
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'no-cors',
      'sec-fetch-dest': 'image',
    };
    for (let attempt = 0; attempt < 3 * MAX_AUTH_FAILURES; attempt++) {
      const response = await proxy.app.inject({ method: 'GET', url: '/api/status', headers: fromPage });
      expect(response.statusCode).toBe(403);
    }
    // Without browser headers (curl, another local program): 401, and still not counted.
    for (let attempt = 0; attempt < 3 * MAX_AUTH_FAILURES; attempt++) {
      expect((await proxy.app.inject({ method: 'GET', url: '/api/status' })).statusCode).toBe(401);
    }
    const extension = await proxy.app.inject({
      method: 'GET',
      url: '/api/status',
      headers: {
        ...proxy.headers,
        origin: `chrome-extension://${EXTENSION_ID}`,
        'sec-fetch-site': 'cross-site',
      },
    });
    expect(extension.statusCode).toBe(200);
  });

  it('refuses browser requests from web pages even with the right key', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const response = await proxy.app.inject({
        method: 'GET',
        url: '/api/status',
        headers: { ...proxy.headers, 'sec-fetch-site': site },
      });
      expect(response.statusCode, site).toBe(403);
      expect(response.json().error).toBe('forbidden');
    }
    const health = await proxy.app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(health.statusCode).toBe(403);
    // Typed into the address bar, or fetched by the extension with host permission.
    for (const site of ['none', 'same-origin']) {
      const response = await proxy.app.inject({
        method: 'GET',
        url: '/api/status',
        headers: { ...proxy.headers, 'sec-fetch-site': site },
      });
      expect(response.statusCode, site).toBe(200);
    }
  });

  it('answers only to its own host names (DNS rebinding)', async () => {
    for (const host of ['attacker.example:8787', 'attacker.example', '192.168.1.20:8787']) {
      for (const url of ['/api/status', '/health']) {
        const response = await proxy.app.inject({ method: 'GET', url, headers: { ...proxy.headers, host } });
        expect(response.statusCode, `${host} ${url}`).toBe(403);
      }
    }
    for (const host of ['localhost:8787', '127.0.0.1:8787', '[::1]:8787', 'LOCALHOST']) {
      const response = await proxy.app.inject({
        method: 'GET',
        url: '/api/status',
        headers: { ...proxy.headers, host },
      });
      expect(response.statusCode, host).toBe(200);
    }
  });

  it('allows its own extension and Firefox installs by default, with the Authorization and Content-Type headers', async () => {
    const ours = `chrome-extension://${EXTENSION_ID}`;
    const preflight = await proxy.app.inject({
      method: 'OPTIONS',
      url: '/api/verify',
      headers: {
        origin: ours,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ours);
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain(
      'authorization',
    );

    const firefox = await proxy.app.inject({
      method: 'GET',
      url: '/api/status',
      headers: { ...proxy.headers, origin: 'moz-extension://0b6c6d4e-3b57-4e4c-8f5a-2f0e5e3c1a11' },
    });
    expect(firefox.headers['access-control-allow-origin']).toBe(
      'moz-extension://0b6c6d4e-3b57-4e4c-8f5a-2f0e5e3c1a11',
    );

    for (const origin of [
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      'https://go.cin7.com',
      'http://localhost:3000',
      'null',
    ]) {
      const response = await proxy.app.inject({
        method: 'GET',
        url: '/api/status',
        headers: { ...proxy.headers, origin },
      });
      expect(response.statusCode, origin).toBe(403);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(proxy.logLines.join('')).not.toContain('EXTENSION_IDS');
  });

  it('narrows CORS to the configured extension ids', async () => {
    const narrowed = await buildTestProxy({ extensionIds: ['abcdefghijklmnopabcdefghijklmnop'] });
    try {
      const ours = await narrowed.app.inject({
        method: 'GET',
        url: '/api/status',
        headers: { ...narrowed.headers, origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' },
      });
      expect(ours.statusCode).toBe(200);
      const other = await narrowed.app.inject({
        method: 'GET',
        url: '/api/status',
        headers: { ...narrowed.headers, origin: 'chrome-extension://ppppppppppppppppppppppppppppppp' },
      });
      expect(other.statusCode).toBe(403);
      expect(narrowed.logLines.join('\n')).toMatch(/"level":40.*EXTENSION_IDS lets extensions other than/);
    } finally {
      await narrowed.close();
    }
  });

  it('forwards no URL the caller chooses', async () => {
    for (const url of ['/api/proxy?url=https://example.com', '/api/connect/https%3A%2F%2Fexample.com']) {
      const response = await proxy.app.inject({ method: 'GET', url, headers: proxy.headers });
      expect([400, 404]).toContain(response.statusCode);
    }
  });
});

describe('secrets at rest and in logs', () => {
  let xero: FakeXero;
  let proxy: TestProxy;
  let clock: ReturnType<typeof offsetClock>;

  beforeEach(async () => {
    clock = offsetClock();
    xero = await new FakeXero({
      organisations: [{ name: 'Secret Co', invoices: [{ number: 'INV-1', type: 'ACCREC' }] }],
      now: clock.now,
    }).start();
    proxy = await buildTestProxy({ xero, clock });
  });
  afterEach(async () => {
    await proxy.close();
    await xero.stop();
  });

  async function exerciseEverything() {
    await proxy.connect('xero');
    const verify = () =>
      proxy.app.inject({
        method: 'POST',
        url: '/api/verify',
        headers: proxy.headers,
        payload: { provider: 'xero', kind: 'sales-invoice', references: ['INV-1'] },
      });
    clock.offsetMs += 1800_000;
    await verify();
    xero.identity.loseNextRefreshResponse = true;
    clock.offsetMs += 1800_000;
    await verify();
    await verify();
    await proxy.app.inject({
      method: 'GET',
      url: '/api/status',
      headers: { authorization: `Bearer ${proxy.pairingKey}x` },
    });
    xero.identity.refuseRefresh = true;
    clock.offsetMs += 1800_000;
    await verify();
  }

  it('keeps no token readable in the database files', async () => {
    await exerciseEverything();
    const tokens = xero.identity.allTokenValues();
    expect(tokens.length).toBeGreaterThan(3);
    const files = [proxy.databaseFile, `${proxy.databaseFile}-wal`].filter((file) => fs.existsSync(file));
    const raw = files.map((file) => fs.readFileSync(file).toString('latin1')).join('');
    expect(raw).toContain('Secret Co');
    for (const token of tokens) expect(raw.includes(token), 'token found in the database file').toBe(false);
    for (const token of tokens) expect(raw.includes(token.slice(0, 24))).toBe(false);
  });

  it('never logs the pairing key, the client secret or a token', async () => {
    await exerciseEverything();
    // What a careless library would hand the logger: the bearer header, a raw token, the pairing key.
    const [someToken = ''] = xero.identity.allTokenValues();
    proxy.app.log.warn(
      { sdkError: { headers: { Authorization: `Bearer ${someToken}` } }, token: someToken },
      `request failed for ${proxy.pairingKey}`,
    );
    const log = proxy.logLines.join('\n');
    expect(log).toContain('request failed for [redacted]');
    expect(log).toContain('token refreshed');
    expect(log).toContain('token refresh failed');
    for (const secret of [proxy.pairingKey, xero.identity.clientSecret, ...xero.identity.allTokenValues()]) {
      expect(log.includes(secret), `secret in log: ${secret.slice(0, 6)}…`).toBe(false);
    }
    expect(log).not.toMatch(/Bearer\s+(?!\[redacted\])\S{8,}/);
  });

  it('redacts what a library error carries', () => {
    const redactor = new Redactor();
    redactor.remember('client-secret-value-123');
    const sdkError = {
      response: { headers: { Authorization: 'Bearer eyJhbGciOi.eyJzdWIiOiIxMjM0NTY3ODkw.c2lnbmF0dXJlc2ln' } },
      config: {
        data: 'grant_type=refresh_token&refresh_token=rt_abcdefghijklmnop&client_secret=client-secret-value-123',
      },
    };
    const text = redactor.describe(sdkError);
    expect(text).not.toContain('eyJhbGciOi.eyJzdWIiOiIxMjM0NTY3ODkw');
    expect(text).not.toContain('rt_abcdefghijklmnop');
    expect(text).not.toContain('client-secret-value-123');
    expect(redactor.redact('{"access_token":"abcdefghijk12345","expires_in":1800}')).toBe(
      '{"access_token":"[redacted]","expires_in":1800}',
    );
  });
});
