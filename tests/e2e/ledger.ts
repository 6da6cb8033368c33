/**
 * The companion proxy for browser tests and the README's pictures: the real proxy (`backend/server.ts`)
 * on a free port, optionally with Xero pointed at a fake Xero, and the extension paired and connected to
 * it the way a user does it (the Options page, the consent page).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeXero, type XeroOrganisationSeed } from '../../backend/test/fake-xero';
import type { Session } from './harness';

const ROOT = join(import.meta.dirname, '../..');
export const KEY = randomBytes(24).toString('hex');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The real proxy (`npm run proxy`), on a free port with a fresh data folder and a known pairing key. */
export async function startRealProxy(
  env: Record<string, string> = {},
): Promise<{ url: string; process: ChildProcess; close(): void }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'oss-proxy-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'backend/server.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PAIRING_KEY: KEY,
      ...env,
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 200) {
    const up = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (waited > 20_000 || child.exitCode !== null) throw new Error('The proxy did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    process: child,
    close() {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Pairs the extension with the proxy as a user does: the Options page, address and key, Save. */
export async function pair(session: Session, url: string): Promise<string> {
  const options = await session.browser.newPage();
  await options.goto(`chrome-extension://${session.extensionId}/options.html`, { waitUntil: 'load' });
  await options.waitForSelector('input[name="proxyUrl"]');
  // Replace the address shown: select it all, then type over it.
  await options.click('input[name="proxyUrl"]', { count: 3 });
  await options.type('input[name="proxyUrl"]', url);
  await options.type('input[name="pairingKey"]', KEY);
  await options.click('button[type="submit"]');
  const status = await options.waitForSelector('[role="status"]', { timeout: 15_000 });
  const text = (await status?.evaluate((element) => element.textContent)) ?? '';
  await options.close();
  return text;
}

/** The real proxy with Xero set up against a fake Xero holding one organisation. */
export async function startLedger(organisation: XeroOrganisationSeed) {
  const xero = await new FakeXero({ organisations: [organisation] }).start();
  const proxy = await startRealProxy({
    XERO_CLIENT_ID: xero.identity.clientId,
    XERO_CLIENT_SECRET: xero.identity.clientSecret,
    XERO_API_URL: xero.url,
    XERO_IDENTITY_URL: xero.url,
  });
  const [tenantId = ''] = xero.tenantIds();
  return {
    xero,
    proxy,
    tenantId,
    async close() {
      proxy.close();
      await xero.stop();
    },
  };
}

/** Connects Xero as a user does: Options → Connect Xero → the consent page (approved) → back. */
export async function connectXero(session: Session, organisation: string) {
  const options = await session.browser.newPage();
  await options.goto(`chrome-extension://${session.extensionId}/options.html`, { waitUntil: 'load' });
  const connect = await options.waitForSelector('::-p-text(Connect Xero)');
  await connect?.click();
  await options.waitForSelector(`::-p-text(Connected to ${organisation} (Xero).)`, { timeout: 20_000 });
  await options.close();
}
