import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from './clock';

/** Failed pairing-key attempts allowed per client address within FAILURE_WINDOW_MS before it is held off. */
export const MAX_AUTH_FAILURES = 10;
export const FAILURE_WINDOW_MS = 60_000;
const MAX_TRACKED_ADDRESSES = 10_000;

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/([a-z0-9-]{1,64})$/i;

/** Allowed: chrome-extension:// and moz-extension:// origins, narrowed to `extensionIds` when given. */
export function isExtensionOrigin(origin: string, extensionIds: string[]): boolean {
  const match = EXTENSION_ORIGIN.exec(origin);
  if (!match?.[2]) return false;
  return extensionIds.length === 0 || extensionIds.includes(match[2]);
}

/** Routes reachable without the pairing key: the health check, and the OAuth callback (guarded by `state`). */
export function isPublicRoute(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === '/health' || /^\/api\/callback\/[^/]+$/.test(path);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export class FailedAuthTracker {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Milliseconds this address must wait, or 0 when it may try. */
  retryAfterMs(address: string): number {
    const recent = this.recent(address);
    if (recent.length < MAX_AUTH_FAILURES) return 0;
    return Math.max(1, (recent[0] ?? 0) + FAILURE_WINDOW_MS - this.clock.now());
  }

  recordFailure(address: string): void {
    if (this.failures.size >= MAX_TRACKED_ADDRESSES && !this.failures.has(address)) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(address, [...this.recent(address), this.clock.now()]);
  }

  private recent(address: string): number[] {
    const since = this.clock.now() - FAILURE_WINDOW_MS;
    return (this.failures.get(address) ?? []).filter((time) => time > since);
  }
}

export interface AuthOptions {
  pairingKey: string;
  extensionIds: string[];
  clock: Clock;
}

/** Origin check and pairing-key check for every route except the public ones. */
export function installAuth(app: FastifyInstance, options: AuthOptions): void {
  const expected = digest(options.pairingKey);
  const tracker = new FailedAuthTracker(options.clock);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (
      origin &&
      !isExtensionOrigin(origin, options.extensionIds) &&
      !request.url.startsWith('/api/callback/')
    ) {
      return reply
        .code(403)
        .send({ error: 'forbidden', message: 'Only the Omni Smart Sync extension may call this proxy.' });
    }
    if (request.method === 'OPTIONS' || isPublicRoute(request.url)) return;

    const address = request.ip;
    const waitMs = tracker.retryAfterMs(address);
    if (waitMs > 0) {
      return reply
        .code(429)
        .header('retry-after', String(Math.ceil(waitMs / 1000)))
        .send({
          error: 'too_many_requests',
          message: 'Too many wrong pairing keys; wait a minute and try again.',
        });
    }
    const header = request.headers.authorization ?? '';
    const presented = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (presented && timingSafeEqual(digest(presented), expected)) return;
    tracker.recordFailure(address);
    return reply.code(401).send({
      error: 'unauthorized',
      message: presented
        ? 'Wrong pairing key. Copy the key the proxy printed at start into the extension Options page.'
        : 'Missing pairing key: send "Authorization: Bearer <pairing key>".',
    });
  });
}
