import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import { XERO_DEFAULT_SCOPES } from '../config';
import { type Clock, systemClock } from '../plugins/clock';
import { LimiterRegistry } from '../plugins/limiter';
import { QboProvider } from '../plugins/qbo';
import { TokenCipher } from '../plugins/secrets';
import { SqliteStore } from '../plugins/store';
import { XeroProvider } from '../plugins/xero';
import type { FakeQbo } from './fake-qbo';
import type { FakeXero } from './fake-xero';

export const PUBLIC_URL = 'http://localhost:8787';

export interface TestProxy {
  app: FastifyInstance;
  store: SqliteStore;
  databaseFile: string;
  pairingKey: string;
  headers: { authorization: string };
  logLines: string[];
  /**
   * Runs connect → consent at the fake → callback, and returns the callback page. `organisation`: the
   * Xero tenant or QBO company the user picks on the consent screen (else the fake's default).
   */
  connect(provider: 'xero' | 'qbo', organisation?: string): Promise<{ statusCode: number; body: string }>;
  close(): Promise<void>;
}

export interface TestProxyOptions {
  xero?: FakeXero;
  qbo?: FakeQbo;
  clock?: Clock;
  extensionIds?: string[];
  /** Deadline of token exchange, refresh and revocation. */
  httpTimeoutMs?: number;
  requestDeadlineMs?: number;
}

/** Builds the real app (real store, real providers) pointed at the fake ledgers, for `app.inject`. */
export async function buildTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const clock = options.clock ?? systemClock;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-proxy-test-'));
  const databaseFile = path.join(dataDir, 'proxy.sqlite');
  const store = new SqliteStore(databaseFile);
  const pairingKey = `test-pairing-${randomBytes(16).toString('hex')}`;
  const logLines: string[] = [];
  const { xero, qbo } = options;
  const app = await buildApp({
    pairingKey,
    store,
    cipher: new TokenCipher(randomBytes(32)),
    publicUrl: PUBLIC_URL,
    extensionIds: options.extensionIds,
    requestDeadlineMs: options.requestDeadlineMs,
    clock,
    limiters: new LimiterRegistry(clock),
    secrets: [xero?.identity.clientSecret ?? '', qbo?.identity.clientSecret ?? ''],
    logLevel: 'debug',
    logDestination: { write: (line) => logLines.push(line) },
    providers: {
      xero: new XeroProvider(
        xero && {
          clientId: xero.identity.clientId,
          clientSecret: xero.identity.clientSecret,
          scopes: XERO_DEFAULT_SCOPES,
          redirectUri: `${PUBLIC_URL}/api/callback/xero`,
          clock,
          identityUrl: xero.url,
          apiUrl: xero.url,
          httpTimeoutMs: options.httpTimeoutMs,
        },
      ),
      qbo: new QboProvider(
        qbo && {
          clientId: qbo.identity.clientId,
          clientSecret: qbo.identity.clientSecret,
          environment: 'sandbox',
          redirectUri: `${PUBLIC_URL}/api/callback/qbo`,
          clock,
          identityEndpoints: qbo.identityEndpoints(),
          apiUrl: qbo.url,
          httpTimeoutMs: options.httpTimeoutMs,
        },
      ),
    },
  });
  const headers = { authorization: `Bearer ${pairingKey}` };
  return {
    app,
    store,
    databaseFile,
    pairingKey,
    headers,
    logLines,
    async connect(provider, organisation) {
      const fake = provider === 'xero' ? xero : qbo;
      if (!fake) throw new Error(`no fake ${provider}`);
      const started = await app.inject({ method: 'GET', url: `/api/connect/${provider}`, headers });
      if (started.statusCode !== 200)
        throw new Error(`connect answered ${started.statusCode}: ${started.body}`);
      const authorizeUrl = started.json<{ authorizeUrl: string }>().authorizeUrl;
      const consented =
        organisation === undefined
          ? fake.consent(authorizeUrl)
          : provider === 'xero'
            ? (xero?.consent(authorizeUrl, [organisation]) ?? '')
            : (qbo?.consent(authorizeUrl, organisation) ?? '');
      const redirect = new URL(consented);
      const page = await app.inject({ method: 'GET', url: `${redirect.pathname}${redirect.search}` });
      return { statusCode: page.statusCode, body: page.body };
    },
    async close() {
      await app.close();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
