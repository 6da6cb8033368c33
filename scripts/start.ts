/**
 * `npm start`: builds the extension, serves the Omni simulator as a demo dashboard at
 * https://go.cin7.com (for a browser started with the printed flags), starts the companion proxy with a
 * demo Xero ledger that the simulator posts to, and — when a display is available — opens Chromium with
 * the extension already paired with the proxy and connected to the demo ledger. Ctrl-C stops everything.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import puppeteer, { type Browser } from 'puppeteer-core';
import { FakeXero } from '../backend/test/fake-xero';
import { feedLedger } from '../tests/omni-sim/ledger-feed';
import { simPaths, startOmniSim } from '../tests/omni-sim/server';

const ROOT = resolve(import.meta.dirname, '..');
const EXTENSION = join(ROOT, '.output/chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

const { values } = parseArgs({
  options: {
    'sim-port': { type: 'string', default: process.env.SIM_PORT ?? '8443' },
    provider: { type: 'string', default: 'xero' },
    navigation: { type: 'string', default: 'inpage' },
    'no-browser': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

const children: ChildProcess[] = [];
let stopping = false;

if (!values['no-build']) {
  console.log('Building the extension…');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

const provider = values.provider === 'qbo' ? 'qbo' : 'xero';
const navigation = values.navigation === 'postback' ? 'postback' : 'inpage';
const sim = await startOmniSim({
  port: Number(values['sim-port']),
  // A little latency, so a run can be watched as it goes.
  settings: { provider, navigation, latencyMs: 250, uploadLatencyMs: 600 },
});

// The demo ledger: a fake Xero organisation (some contacts already in it, a lock date) that the simulator
// posts to as it syncs, so the ledger checks and the verification after a run have something real to read.
const DEMO_ORGANISATION = 'Demo Outdoor Co (fake Xero)';
const xero = await new FakeXero({
  organisations: [
    { name: DEMO_ORGANISATION, contacts: [{ name: 'Kauri Coast Outfitters' }], periodLockDate: '2026-10-02' },
  ],
}).start();
if (provider === 'xero') feedLedger(sim, xero, xero.tenantIds()[0] ?? '');

// A proxy of its own for the demo (its data in a throw-away folder), with a pairing key made for this run.
const PROXY_PORT = Number(process.env.PORT ?? 8787);
const proxyUrl = `http://localhost:${PROXY_PORT}`;
const pairingKey = randomBytes(24).toString('hex');
const proxyData = mkdtempSync(join(tmpdir(), 'oss-demo-proxy-'));
const proxy = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'backend/server.ts')], {
  cwd: ROOT,
  env: {
    ...process.env,
    PORT: String(PROXY_PORT),
    DATA_DIR: proxyData,
    PAIRING_KEY: pairingKey,
    // Requests are not logged in the demo: its terminal is for what the demo prints.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    XERO_CLIENT_ID: xero.identity.clientId,
    XERO_CLIENT_SECRET: xero.identity.clientSecret,
    XERO_API_URL: xero.url,
    XERO_IDENTITY_URL: xero.url,
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
children.push(proxy);

const flags = [
  `--host-resolver-rules=MAP go.cin7.com 127.0.0.1:${sim.port}`,
  '--ignore-certificate-errors',
  `--load-extension=${EXTENSION}`,
];
const dashboard = `https://go.cin7.com${simPaths.dashboard}`;
console.log(`
Omni Smart Sync demo
  Extension build:  ${EXTENSION}
  Demo dashboard:   ${dashboard}  (Omni simulator, ${provider}, ${navigation} navigation, on 127.0.0.1:${sim.port})
  Companion proxy:  ${proxyUrl}  (pairing key for this demo: ${pairingKey})
  Demo ledger:      ${DEMO_ORGANISATION}, a fake Xero the simulator posts to (Connect Xero in Options)

To use your own Chromium or Chrome, start it with:
  ${flags.map((flag) => `"${flag}"`).join(' ')} ${dashboard}
or load the unpacked extension from chrome://extensions (Developer mode → Load unpacked → ${EXTENSION}).
The demo dashboard answers only browsers started with the --host-resolver-rules flag above.
Press Ctrl-C to stop.
`);

/** The proxy answers its health check (it takes a moment to start). */
async function proxyUp(): Promise<boolean> {
  for (let waited = 0; waited < 20_000; waited += 250) {
    if (
      await fetch(`${proxyUrl}/health`).then(
        (response) => response.ok,
        () => false,
      )
    )
      return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

let browser: Browser | null = null;
if (!values['no-browser'] && process.env.DISPLAY && existsSync(CHROMIUM)) {
  const profile = join(ROOT, '.data/chromium-demo');
  mkdirSync(profile, { recursive: true });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: false,
    enableExtensions: true,
    defaultViewport: null,
    ignoreDefaultArgs: ['--enable-automation'],
    args: [
      ...flags,
      `--disable-extensions-except=${EXTENSION}`,
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Chromium refuses to run as root with its sandbox on (containers, CI machines).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  browser.on('disconnected', () => {
    if (!stopping) console.log('Chromium closed. The demo dashboard keeps running until Ctrl-C.');
  });
  if (!(await proxyUp()))
    console.log('The proxy did not answer: pair the extension in its Options page later.');
  else
    await pairAndConnect(browser).catch((error: unknown) =>
      console.log(`Could not pair the extension by itself (${String(error)}); pair it in its Options page.`),
    );
  const [page] = await browser.pages();
  await (page ?? (await browser.newPage())).goto(dashboard);
  console.log('Opened Chromium with the extension on the demo dashboard, paired with the proxy.');
} else if (!values['no-browser']) {
  console.log('No display found (DISPLAY is unset): not opening a browser.');
}

/** What a user does once: Options → proxy address and key → Save; then Connect Xero → approve. */
async function pairAndConnect(chromium: Browser) {
  const worker = await chromium.waitForTarget(
    (target) => target.type() === 'service_worker' && target.url().startsWith('chrome-extension://'),
    { timeout: 15_000 },
  );
  const extensionId = new URL(worker.url()).host;
  const options = await chromium.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`, { waitUntil: 'load' });
  await options.waitForSelector('input[name="proxyUrl"]');
  await options.click('input[name="proxyUrl"]', { count: 3 });
  await options.type('input[name="proxyUrl"]', proxyUrl);
  await options.type('input[name="pairingKey"]', pairingKey);
  await options.click('button[type="submit"]');
  await options.waitForSelector('::-p-text(Saved.)', { timeout: 15_000 });
  if (provider === 'xero') {
    const connect = await options.waitForSelector('::-p-text(Connect Xero)');
    await connect?.click();
    await options.waitForSelector(`::-p-text(Connected to ${DEMO_ORGANISATION} (Xero).)`, {
      timeout: 20_000,
    });
    for (const page of await chromium.pages()) if (page.url().includes('/api/callback/')) await page.close();
  }
  await options.close();
}

const stop = () => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  void (async () => {
    await browser?.close().catch(() => undefined);
    await Promise.all([sim.close(), xero.stop()]);
    rmSync(proxyData, { recursive: true, force: true });
    process.exit(0);
  })();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
proxy.on('exit', (code) => {
  if (!stopping)
    console.error(
      `The proxy stopped (exit code ${code}); the extension keeps syncing without ledger checks.`,
    );
});
