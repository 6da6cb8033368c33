// `npm run sim -- --port 8443 --provider qbo --navigation postback --latency 300`: the simulator for a person.
// `--seed N` serves fuzz rendering N instead (tests/omni-sim/fuzz): its own navigation, pager and dialogs.
import { parseArgs } from 'node:util';
import { variantFor } from './fuzz/variant.ts';
import { type Navigation, type Provider, type SimSettings, simPaths, startOmniSim } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8443' },
    provider: { type: 'string', default: 'xero' },
    navigation: { type: 'string', default: 'inpage' },
    latency: { type: 'string', default: '300' },
    'upload-latency': { type: 'string', default: '800' },
    'page-size': { type: 'string' },
    confirm: { type: 'boolean', default: false },
    http: { type: 'boolean', default: false },
    seed: { type: 'string' },
  },
});

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T {
  if (allowed.includes(value as T)) return value as T;
  throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
}

const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0))
  throw new Error('--seed must be a whole number');

const settings: Partial<SimSettings> = {
  provider: oneOf<Provider>(values.provider, ['xero', 'qbo'], 'provider'),
  navigation: oneOf<Navigation>(values.navigation, ['inpage', 'postback'], 'navigation'),
  latencyMs: Number(values.latency),
  uploadLatencyMs: Number(values['upload-latency']),
  confirmUploads: values.confirm,
  pageSize: values['page-size'] ? Number(values['page-size']) : null,
  ...(seed !== undefined ? { rendering: { seed } } : {}),
};

const sim = await startOmniSim({ port: Number(values.port), https: !values.http, settings });
const scheme = values.http ? 'http' : 'https';
const rendering =
  seed === undefined ? settings.navigation : `fuzz seed ${seed}, ${variantFor(seed).navigation} navigation`;
console.log(`Omni simulator (${settings.provider}, ${rendering}) listening on ${sim.origin}`);
console.log(`Dashboard: ${scheme}://go.cin7.com${simPaths.dashboard}`);
console.log('Start Chromium with:');
console.log(`  --host-resolver-rules="MAP go.cin7.com 127.0.0.1:${sim.port}" --ignore-certificate-errors`);
console.log(
  `Control: curl -k -X POST ${sim.origin}/__sim/reset -d '{"provider":"qbo"}'; GET ${sim.origin}/__sim/uploads`,
);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
