/**
 * `npm start`: builds the extension, serves the Omni simulator as a demo dashboard at
 * https://go.cin7.com (for a browser started with the printed flags), starts the companion proxy, and
 * opens Chromium with the extension when a display is available. Ctrl-C stops everything.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
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

const proxy = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'backend/server.ts')], {
  cwd: ROOT,
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
  Companion proxy:  http://localhost:8787  (pairing key: printed above on the proxy's first start, kept in .data/proxy/pairing.key)

To use your own Chromium or Chrome, start it with:
  ${flags.map((flag) => `"${flag}"`).join(' ')} ${dashboard}
or load the unpacked extension from chrome://extensions (Developer mode → Load unpacked → ${EXTENSION}).
The demo dashboard answers only browsers started with the --host-resolver-rules flag above.
Press Ctrl-C to stop.
`);

if (!values['no-browser'] && process.env.DISPLAY && existsSync(CHROMIUM)) {
  const profile = join(ROOT, '.data/chromium-demo');
  mkdirSync(profile, { recursive: true });
  const browser = spawn(
    CHROMIUM,
    [
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
      dashboard,
    ],
    { stdio: 'ignore' },
  );
  children.push(browser);
  browser.on('exit', (code) => {
    if (!stopping)
      console.log(`Chromium closed (exit code ${code}). The demo dashboard keeps running until Ctrl-C.`);
  });
  console.log('Opened Chromium with the extension on the demo dashboard.');
} else if (!values['no-browser']) {
  console.log('No display found (DISPLAY is unset): not opening a browser.');
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
proxy.on('exit', (code) => {
  if (!stopping)
    console.error(
      `The proxy stopped (exit code ${code}); the extension keeps syncing without ledger checks.`,
    );
});
