import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { systemClock } from './plugins/clock';
import { QboProvider } from './plugins/qbo';
import { Redactor } from './plugins/redact';
import { loadPairingKey, loadTokenKey, TokenCipher } from './plugins/secrets';
import { SqliteStore } from './plugins/store';
import { XeroProvider } from './plugins/xero';

const SHUTDOWN_GRACE_MS = 10_000;

function printPairingInstructions(
  publicUrl: string,
  pairingKey: string,
  source: 'env' | 'file',
  createdNow: boolean,
) {
  const origin =
    source === 'env' ? 'from PAIRING_KEY' : createdNow ? 'created just now' : 'stored in DATA_DIR';
  process.stdout.write(
    [
      '',
      'Omni Smart Sync proxy',
      `  Pairing key (${origin}): ${pairingKey}`,
      '  In the extension: right-click its icon → Options, then fill in',
      `    Proxy address: ${publicUrl}`,
      '    Pairing key:   the key above',
      '',
    ].join('\n'),
  );
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

  const pairing = loadPairingKey(config.dataDir, config.pairingKey);
  const cipher = new TokenCipher(loadTokenKey(config.dataDir, config.tokenEncryptionKey));
  const store = SqliteStore.inDataDir(config.dataDir);
  const redactor = new Redactor();
  const clock = systemClock;
  const app = await buildApp({
    pairingKey: pairing.key,
    store,
    cipher,
    publicUrl: config.publicUrl,
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
  printPairingInstructions(config.publicUrl, pairing.key, pairing.source, pairing.createdNow);
  if (!config.xero)
    app.log.info('Xero not configured: set XERO_CLIENT_ID and XERO_CLIENT_SECRET to connect Xero');
  if (!config.qbo)
    app.log.info('QuickBooks Online not configured: set QBO_CLIENT_ID and QBO_CLIENT_SECRET to connect QBO');
}

main().catch((error: unknown) => {
  process.stderr.write(`Proxy failed to start: ${new Redactor().describe(error)}\n`);
  process.exit(1);
});
