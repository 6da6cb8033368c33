import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeServer {
  url: string;
  close(): Promise<void>;
}

export type FakeHandler = (
  request: http.IncomingMessage,
  body: string,
  response: http.ServerResponse,
) => Promise<void> | void;

/** Starts a loopback-only HTTP server for a fake; answers 500 if the handler throws. */
export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      Promise.resolve(handler(request, Buffer.concat(chunks).toString('utf8'), response)).catch(
        (error: unknown) => {
          if (!response.headersSent) sendJson(response, 500, { error: String(error) });
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

export function parseForm(body: string, contentType: string | undefined): Record<string, string> {
  if (contentType?.includes('application/json')) return JSON.parse(body || '{}') as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(body));
}

export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const [id, ...rest] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  return id === undefined
    ? undefined
    : { id: decodeURIComponent(id), secret: decodeURIComponent(rest.join(':')) };
}

export function bearer(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

/**
 * Per-organisation provider rate limits as the real APIs apply them: a rolling minute of arrivals and
 * a cap on requests in flight. Records what it saw so tests and the benchmark can assert on it.
 */
export class ProviderRateGate {
  private readonly arrivals = new Map<string, number[]>();
  private readonly running = new Map<string, number>();
  peakInFlight = 0;
  rejected = 0;
  readonly rejections: Array<{ tenantId: string; at: number; problem: 'minute' | 'concurrent' }> = [];
  /** Every admitted call: organisation and arrival time by the fake's clock. */
  readonly log: Array<{ tenantId: string; at: number }> = [];

  constructor(
    private readonly perMinute: number,
    private readonly inFlight: number,
    private readonly now: () => number,
  ) {}

  /** Admits or returns the 429 to send: Retry-After seconds and Xero's X-Rate-Limit-Problem. */
  enter(tenantId: string): { retryAfterSeconds: number; problem: 'minute' | 'concurrent' } | undefined {
    const at = this.now();
    const recent = (this.arrivals.get(tenantId) ?? []).filter((time) => time > at - 60_000);
    this.arrivals.set(tenantId, recent);
    const running = this.running.get(tenantId) ?? 0;
    if (running >= this.inFlight) {
      this.rejected++;
      this.rejections.push({ tenantId, at, problem: 'concurrent' });
      return { retryAfterSeconds: 1, problem: 'concurrent' };
    }
    if (recent.length >= this.perMinute) {
      this.rejected++;
      this.rejections.push({ tenantId, at, problem: 'minute' });
      return {
        retryAfterSeconds: Math.max(1, Math.ceil(((recent[0] ?? at) + 60_000 - at) / 1000)),
        problem: 'minute',
      };
    }
    recent.push(at);
    this.running.set(tenantId, running + 1);
    this.peakInFlight = Math.max(this.peakInFlight, running + 1);
    this.log.push({ tenantId, at });
    return undefined;
  }

  leave(tenantId: string): void {
    this.running.set(tenantId, (this.running.get(tenantId) ?? 1) - 1);
  }

  /** Most calls that arrived within any 60-second window. */
  maxPerMinute(): number {
    const times = this.log.map((entry) => entry.at).sort((a, b) => a - b);
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[end] ?? 0) - (times[start] ?? 0) >= 60_000) start++;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }
}
