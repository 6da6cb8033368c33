import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { VerifyResponse } from '../../lib/proxy-api';
import { PostgresStore } from '../plugins/postgres';
import type { FakeXero } from './fake-xero';

/**
 * A practice on one machine: several real proxy processes on one Postgres database, in front of the
 * fake Xero, for the multi-instance tests and the benchmark. Each instance is its own process with its
 * own connection pool, so killing one is what killing a server is.
 */
export interface PracticeOptions {
  databaseUrl: string;
  xero: FakeXero;
  instances: number;
  /** 'server': `npm run proxy`'s own entry (real time). 'instance': the same start, with a shared accelerated clock. */
  entry?: 'server' | 'instance';
  clock?: { speed: number; origin: number };
}

export interface PracticeInstance {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const BACKEND = path.join(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class Practice {
  readonly pairingKey = `oss_${randomBytes(24).toString('base64url')}`;
  readonly tokenKey = randomBytes(32).toString('hex');
  readonly instances: PracticeInstance[] = [];
  private readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-practice-'));
  private publicUrl = '';

  constructor(private readonly options: PracticeOptions) {}

  headers(key = this.pairingKey) {
    return { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  }

  /** The environment every instance gets: what a practice's deployment sets. */
  environment(): Record<string, string> {
    const { xero } = this.options;
    return {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PUBLIC_URL: this.publicUrl,
      DATA_DIR: this.dataDir,
      DATABASE_URL: this.options.databaseUrl,
      TOKEN_ENCRYPTION_KEY: this.tokenKey,
      PAIRING_KEY: this.pairingKey,
      XERO_CLIENT_ID: xero.identity.clientId,
      XERO_CLIENT_SECRET: xero.identity.clientSecret,
      XERO_API_URL: xero.url,
      XERO_IDENTITY_URL: xero.url,
      LOG_LEVEL: 'warn',
    };
  }

  async start(): Promise<this> {
    const ports = await Promise.all(Array.from({ length: this.options.instances }, () => freePort()));
    // Behind a load balancer every instance has the same public address; here, the first one's.
    this.publicUrl = `http://localhost:${ports[0]}`;
    await Promise.all(ports.map((port) => this.launch(port)));
    return this;
  }

  private async launch(port: number): Promise<void> {
    const { clock } = this.options;
    const entry =
      this.options.entry === 'server'
        ? path.join(BACKEND, 'server.ts')
        : path.join(BACKEND, 'test', 'instance-process.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: {
        ...this.environment(),
        PORT: String(port),
        ...(clock
          ? { OSS_TEST_CLOCK_SPEED: String(clock.speed), OSS_TEST_CLOCK_ORIGIN: String(clock.origin) }
          : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const instance: PracticeInstance = {
      url: `http://127.0.0.1:${port}`,
      child,
      output: () => output,
      exited: new Promise((resolve) => child.on('exit', resolve)),
    };
    this.instances.push(instance);
    const deadline = Date.now() + 30_000;
    while (!/listening|Proxy address/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`proxy instance did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Connects Xero as a user does: connect on one instance, the browser's callback lands on another. */
  async connectXero(key = this.pairingKey): Promise<void> {
    const [first, second] = [this.instances[0], this.instances[1] ?? this.instances[0]];
    if (!first || !second) throw new Error('no instances');
    const started = await fetch(`${first.url}/api/connect/xero`, { headers: this.headers(key) });
    if (started.status !== 200)
      throw new Error(`connect answered ${started.status}: ${await started.text()}`);
    const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
    const back = new URL(this.options.xero.consent(authorizeUrl));
    const page = await fetch(`${second.url}${back.pathname}${back.search}`);
    if (page.status !== 200) throw new Error(`callback answered ${page.status}: ${await page.text()}`);
  }

  /** One verification through instance `index`; rejects when the instance goes away mid-request. */
  async verify(index: number, references: string[], key = this.pairingKey): Promise<VerifyResponse> {
    const response = await this.request(index, '/api/verify', key, {
      method: 'POST',
      body: JSON.stringify({ provider: 'xero', kind: 'sales-invoice', references }),
    });
    if (response.status !== 200)
      throw new Error(`verify answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as VerifyResponse;
  }

  request(index: number, route: string, key = this.pairingKey, init: RequestInit = {}): Promise<Response> {
    const instance = this.instances[index];
    if (!instance) throw new Error(`no instance ${index}`);
    return fetch(`${instance.url}${route}`, { ...init, headers: this.headers(key) });
  }

  /** `npm run proxy -- <args>` with the practice's settings: its exit code and what it printed. */
  async admin(args: string[]): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BACKEND, 'server.ts'), ...args], {
      env: this.environment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, output };
  }

  /** The shared limiter's own count, across instances: the most calls it let run at once and start in one window. */
  async limiterFigures(): Promise<{ calls: number; peakInFlight: number; peakInWindow: number }> {
    const store = await PostgresStore.connect(this.options.databaseUrl, { poolSize: 1 });
    try {
      return await store.limiterPeaks(`xero:${this.options.xero.tenantIds()[0]}`, 0);
    } finally {
      await store.close();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.instances.map(async (instance) => {
        if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
        instance.child.kill('SIGTERM');
        const timer = setTimeout(() => instance.child.kill('SIGKILL'), 5_000);
        await instance.exited;
        clearTimeout(timer);
      }),
    );
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
