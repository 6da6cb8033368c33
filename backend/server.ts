import path from 'node:path';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { systemClock } from './plugins/clock';
import { QboProvider } from './plugins/qbo';
import { Redactor } from './plugins/redact';
import {
  loadPairingKey,
  loadTokenKey,
  type PairingKey,
  pairingKeyFingerprint,
  TokenCipher,
} from './plugins/secrets';
import { DataDirInUseError, SqliteStore } from './plugins/store';
import { XeroProvider } from './plugins/xero';

const SHUTDOWN_GRACE_MS = 10_000;

/** The key itself only when it was just made; later only its fingerprint, so logs of later starts hold no key. */
function printPairingInstructions(publicUrl: string, pairing: PairingKey, dataDir: string) {
  const keyLines = pairing.createdNow
    ? [
        `  Pairing key (created just now): ${pairing.key}`,
        '  In the extension: right-click its icon → Options, then fill in',
        `    Proxy address: ${publicUrl}`,
        '    Pairing key:   the key above',
      ]
    : [
        `  Pairing key fingerprint: ${pairingKeyFingerprint(pairing.key)} (${
          pairing.source === 'env' ? 'from PAIRING_KEY' : `the key is in ${path.join(dataDir, 'pairing.key')}`
        })`,
        `  Proxy address: ${publicUrl}`,
      ];
  process.stdout.write(['', 'Omni Smart Sync proxy', ...keyLines, ''].join('\n'));
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  // The store first: it holds the data folder's lock, so a second proxy stops before touching anything.
  let store: SqliteStore;
  try {
    store = SqliteStore.inDataDir(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(3);
    }
    throw error;
  }
  const pairing = loadPairingKey(config.dataDir, config.pairingKey);
  const cipher = new TokenCipher(loadTokenKey(config.dataDir, config.tokenEncryptionKey));
  const redactor = new Redactor();
  const clock = systemClock;
  const app = await buildApp({
    pairingKey: pairing.key,
    store,
    cipher,
    publicUrl: config.publicUrl,
    hosts: [config.host],
    extensionIds: config.extensionIds,
    clock,
    redactor,
    secrets: [config.xero?.clientSecret ?? '', config.qbo?.clientSecret ?? ''],
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

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // In-flight requests finish; anything still running after the grace period is cut off.
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    app
      .close()
      .then(() => {
        store.close();
        process.exit(0);
      })
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  printPairingInstructions(config.publicUrl, pairing, config.dataDir);
  if (!config.xero)
    app.log.info('Xero not configured: set XERO_CLIENT_ID and XERO_CLIENT_SECRET to connect Xero');
  if (!config.qbo)
    app.log.info('QuickBooks Online not configured: set QBO_CLIENT_ID and QBO_CLIENT_SECRET to connect QBO');
}

main().catch((error: unknown) => {
  process.stderr.write(`Proxy failed to start: ${new Redactor().describe(error)}\n`);
  process.exit(1);
});
