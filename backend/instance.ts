import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { ProxyConfig } from './config';
import { type Clock, systemClock } from './plugins/clock';
import { PostgresStore } from './plugins/postgres';
import { QboProvider } from './plugins/qbo';
import { Redactor } from './plugins/redact';
import {
  loadPairingKey,
  loadTokenKey,
  type PairingKey,
  pairingKeyFingerprint,
  TokenCipher,
} from './plugins/secrets';
import { type ProxyStore, SqliteStore } from './plugins/store';
import { XeroProvider } from './plugins/xero';

/** How long in-flight requests may take to finish after SIGTERM before the process stops anyway. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The store the configuration names: Postgres when DATABASE_URL is set, else SQLite in DATA_DIR (which
 * throws DataDirInUseError when another proxy holds it).
 */
export async function openStore(config: ProxyConfig): Promise<ProxyStore> {
  return config.databaseUrl
    ? PostgresStore.connect(config.databaseUrl)
    : SqliteStore.inDataDir(config.dataDir);
}

export interface RunningProxy {
  app: FastifyInstance;
  store: ProxyStore;
  /** The owner key, when there is one (always with SQLite; with Postgres only when PAIRING_KEY is given). */
  pairing: PairingKey | undefined;
  /** Stops taking requests, lets those in flight finish, releases leases, closes the store. */
  close(): Promise<void>;
}

/** Everything `npm run proxy` starts, given its configuration; the tests start their instances with it too. */
export async function startProxy(config: ProxyConfig, clock: Clock = systemClock): Promise<RunningProxy> {
  // The store first: with SQLite it holds the data folder's lock, so a second proxy stops before touching anything.
  const store = await openStore(config);
  try {
    const pairing =
      store.kind === 'sqlite'
        ? loadPairingKey(config.dataDir, config.pairingKey)
        : config.pairingKey
          ? ({ key: config.pairingKey, createdNow: false, source: 'env' } satisfies PairingKey)
          : undefined;
    const cipher = new TokenCipher(loadTokenKey(config.dataDir, config.tokenEncryptionKey));
    const app = await buildApp({
      pairingKey: pairing?.key,
      store,
      cipher,
      publicUrl: config.publicUrl,
      hosts: [config.host],
      extensionIds: config.extensionIds,
      clock,
      redactor: new Redactor(),
      secrets: [config.xero?.clientSecret ?? '', config.qbo?.clientSecret ?? '', config.databaseUrl ?? ''],
      logLevel: config.logLevel,
      providers: {
        xero: new XeroProvider(
          config.xero && { ...config.xero, redirectUri: `${config.publicUrl}/api/callback/xero`, clock },
        ),
        qbo: new QboProvider(
          config.qbo && { ...config.qbo, redirectUri: `${config.publicUrl}/api/callback/qbo`, clock },
        ),
      },
    });
    await app.listen({ port: config.port, host: config.host });
    return {
      app,
      store,
      pairing,
      close: async () => {
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * SIGTERM / SIGINT: in-flight requests finish (new ones are answered 503, so a load balancer moves on),
 * then this instance's leases and call slots are released and the store closed. Anything still running
 * after the grace period is cut off, its leases released first.
 */
export function stopOnSignals(proxy: RunningProxy, clock: Clock = systemClock): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    proxy.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      proxy.app.log.warn('requests still running after the grace period; stopping anyway');
      const instance = proxy.app.proxyInstance;
      void proxy.store
        .releaseInstance(instance, clock.now())
        .catch(() => undefined)
        .finally(() => process.exit(1));
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    proxy
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** The start banner. The owner key itself only when it was just made; later only its fingerprint. */
export async function printStartBanner(config: ProxyConfig, proxy: RunningProxy): Promise<void> {
  const { pairing, store } = proxy;
  const lines = ['', 'Omni Smart Sync proxy'];
  if (store.kind === 'postgres') lines.push('  Store: Postgres (DATABASE_URL), shared by every instance');
  if (pairing?.createdNow) {
    lines.push(
      `  Pairing key (created just now): ${pairing.key}`,
      '  In the extension: right-click its icon → Options, then fill in',
      `    Proxy address: ${config.publicUrl}`,
      '    Pairing key:   the key above',
    );
  } else {
    if (pairing) {
      lines.push(
        `  Pairing key fingerprint: ${pairingKeyFingerprint(pairing.key)} (${
          pairing.source === 'env'
            ? 'from PAIRING_KEY'
            : `the key is in ${path.join(config.dataDir, 'pairing.key')}`
        })`,
      );
    }
    const named = (await store.listPairingKeys()).filter((key) => key.revokedAt === null).length;
    if (named > 0) lines.push(`  Named pairing keys: ${named} (npm run proxy -- keys list)`);
    if (!pairing && named === 0)
      lines.push('  No pairing key yet: add one with `npm run proxy -- keys add <name>`');
    lines.push(`  Proxy address: ${config.publicUrl}`);
  }
  process.stdout.write([...lines, ''].join('\n'));
}
