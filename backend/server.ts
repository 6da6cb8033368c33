import { ConfigError, loadConfig } from './config';
import { openStore, printStartBanner, startProxy, stopOnSignals } from './instance';
import { KeysUsageError, runKeysCommand } from './keys';
import { Redactor } from './plugins/redact';
import { DataDirInUseError } from './plugins/store';

/** `npm run proxy` starts the proxy; `npm run proxy -- keys …` manages named pairing keys and exits. */
async function main(args: string[]): Promise<void> {
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

  if (args[0] === 'keys') {
    let store: Awaited<ReturnType<typeof openStore>>;
    try {
      store = await openStore(config);
    } catch (error) {
      if (!(error instanceof DataDirInUseError)) throw error;
      // SQLite allows one process: the running proxy. Named keys are meant for Postgres anyway.
      process.stderr.write(`${error.message}\nStop the proxy to manage its keys, then start it again.\n`);
      process.exit(3);
    }
    try {
      process.stdout.write(`${await runKeysCommand(args.slice(1), store)}\n`);
    } catch (error) {
      if (!(error instanceof KeysUsageError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 64;
    } finally {
      await store.close();
    }
    return;
  }
  if (args.length > 0) {
    process.stderr.write(
      `Unknown arguments: ${args.join(' ')}\nUse no arguments to start the proxy, or "keys".\n`,
    );
    process.exit(64);
  }

  let proxy: Awaited<ReturnType<typeof startProxy>>;
  try {
    proxy = await startProxy(config);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(3);
    }
    throw error;
  }
  stopOnSignals(proxy);
  await printStartBanner(config, proxy);
  if (!config.xero)
    proxy.app.log.info('Xero not configured: set XERO_CLIENT_ID and XERO_CLIENT_SECRET to connect Xero');
  if (!config.qbo)
    proxy.app.log.info(
      'QuickBooks Online not configured: set QBO_CLIENT_ID and QBO_CLIENT_SECRET to connect QBO',
    );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`Proxy failed to start: ${new Redactor().describe(error)}\n`);
  process.exit(1);
});
