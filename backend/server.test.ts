import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const SERVER = path.join(import.meta.dirname, 'server.ts');

/** Starts `npm run proxy`'s entry point; `output` collects stdout and stderr as they come. */
function startProxy(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = {
    child,
    output: '',
    exited: new Promise<number | null>((resolve) => child.on('exit', resolve)),
  };
  const collect = (chunk: Buffer) => {
    started.output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return started;
}

async function waitFor(proxy: { output: string }, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const match = pattern.exec(proxy.output);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${proxy.output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm run proxy', () => {
  it('starts with no configuration, prints the pairing key, serves /health, refuses /api/status, stops on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-server-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'server.ts')], {
      env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      while (!/Pairing key \(created just now\): (\S+)/.test(output)) {
        if (Date.now() > deadline) throw new Error(`proxy did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const pairingKey = /Pairing key \(created just now\): (\S+)/.exec(output)?.[1] ?? '';
      expect(output).toContain('Proxy address');
      expect(fs.readFileSync(path.join(dataDir, 'pairing.key'), 'utf8').trim()).toBe(pairingKey);

      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      expect((await health.json()).name).toBe('omni-smart-sync-proxy');
      expect((await fetch(`http://127.0.0.1:${port}/api/status`)).status).toBe(401);
      const status = await fetch(`http://127.0.0.1:${port}/api/status`, {
        headers: { authorization: `Bearer ${pairingKey}` },
      });
      expect(await status.json()).toEqual({ connections: [], configuredProviders: [] });

      // Only the startup banner may show the key; log lines never do.
      const logLines = output.split('\n').filter((line) => line.startsWith('{'));
      expect(logLines.length).toBeGreaterThan(0);
      expect(logLines.some((line) => line.includes(pairingKey))).toBe(false);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start on bad settings, naming each', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'server.ts')], {
      env: { PATH: process.env.PATH, PORT: 'abc', XERO_CLIENT_ID: 'only-id', DATA_DIR: os.tmpdir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) =>
      child.on('exit', (exitCode) => resolve(exitCode)),
    );
    expect(code).toBe(2);
    expect(errors).toMatch(/PORT must be a number/);
  });
});

describe('one proxy per data folder', () => {
  it('a second proxy on the same DATA_DIR refuses to start and says why; a restart shows only a fingerprint', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-server-'));
    const [firstPort, secondPort] = [await freePort(), await freePort()];
    const first = startProxy({ PORT: String(firstPort), DATA_DIR: dataDir });
    let restarted: ReturnType<typeof startProxy> | undefined;
    try {
      const pairingKey = (await waitFor(first, /Pairing key \(created just now\): (\S+)/))[1] ?? '';

      const second = startProxy({ PORT: String(secondPort), DATA_DIR: dataDir });
      expect(await second.exited).toBe(3);
      expect(second.output).toMatch(/Another Omni Smart Sync proxy is using .*DATA_DIR/s);
      expect(second.output).not.toContain(pairingKey);
      // The first one is untouched and still answers.
      const status = await fetch(`http://127.0.0.1:${firstPort}/api/status`, {
        headers: { authorization: `Bearer ${pairingKey}` },
      });
      expect(status.status).toBe(200);

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      restarted = startProxy({ PORT: String(secondPort), DATA_DIR: dataDir });
      await waitFor(restarted, /Pairing key fingerprint: [0-9a-f]{4}-[0-9a-f]{4}/);
      expect(restarted.output).toContain(path.join(dataDir, 'pairing.key'));
      expect(restarted.output).not.toContain(pairingKey);
      const health = await fetch(`http://127.0.0.1:${secondPort}/health`);
      expect(health.status).toBe(200);
    } finally {
      for (const proxy of [first, restarted])
        if (proxy && proxy.child.exitCode === null) proxy.child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
