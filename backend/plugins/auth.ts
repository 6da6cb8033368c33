import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EXTENSION_ID } from '../../lib/proxy-api';
import type { Clock } from './clock';
import { OWNER, type ProxyStore, type Viewer } from './store';

/** Wrong pairing keys allowed per client address within FAILURE_WINDOW_MS before it is held off. */
export const MAX_AUTH_FAILURES = 10;
export const FAILURE_WINDOW_MS = 60_000;
const MAX_TRACKED_ADDRESSES = 10_000;

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/([a-z0-9-]{1,64})$/i;

/**
 * Allowed: exactly the ids in `extensionIds` when given. Otherwise our own Chromium id (fixed by the
 * manifest key) and any Firefox extension: Firefox gives every install a random UUID that cannot be
 * known in advance, and a web page cannot send a moz-extension:// Origin.
 */
export function isExtensionOrigin(origin: string, extensionIds: string[]): boolean {
  const match = EXTENSION_ORIGIN.exec(origin);
  if (!match?.[1] || !match[2]) return false;
  if (extensionIds.length > 0) return extensionIds.includes(match[2]);
  return match[1].toLowerCase() === 'moz-extension' || match[2] === EXTENSION_ID;
}

/** Ids in EXTENSION_IDS other than our own: each widens who may call the proxy with the key. */
export function extraExtensionIds(extensionIds: string[]): string[] {
  return extensionIds.filter((id) => id !== EXTENSION_ID);
}

/** Routes reachable without a pairing key: health, readiness, and the OAuth callback (guarded by `state`). */
export function isPublicRoute(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === '/health' || path === '/ready' || isCallbackRoute(path);
}

/** The identity provider sends the browser here by a top-level navigation from its own site. */
function isCallbackRoute(url: string): boolean {
  return /^\/api\/callback\/[^/?]+(\?|$)/.test(url);
}

/** Host names the proxy answers to: loopback names and the host of PUBLIC_URL, so DNS rebinding finds no door. */
export function allowedHostNames(publicUrl: string, extra: string[] = []): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]', new URL(publicUrl).hostname.toLowerCase()]);
  for (const host of extra) {
    // A wildcard listen address names no host a browser would send.
    if (host && host !== '0.0.0.0' && host !== '::') names.add(host.includes(':') ? `[${host}]` : host);
  }
  return names;
}

function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return new URL(`http://${header}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * How a named pairing key is stored: SHA-256, hex. The keys are 24 random bytes, far beyond guessing,
 * so a fast hash protects them as well as a slow one would, and lets a request find its key by lookup.
 */
export function pairingKeyHash(key: string): string {
  return digest(key).toString('hex');
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
  /** The owner key (PAIRING_KEY or DATA_DIR/pairing.key): sees every connection. None in a practice that uses named keys only. */
  pairingKey: string | undefined;
  /** Where named keys are looked up, by hash, on every request: a revoked key stops at once on every instance. */
  store: ProxyStore;
  extensionIds: string[];
  hostNames: Set<string>;
  clock: Clock;
}

const forbidden = (reply: FastifyReply, message: string) =>
  reply.code(403).send({ error: 'forbidden', message });

/**
 * Every request: the Host header must name this proxy (DNS rebinding), and a browser request must come
 * from the extension, not from a web page. Every route except the public ones then needs the pairing key.
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** Whose key the request carries: which connections it may use. */
    viewer: Viewer;
  }
}

export function installAuth(app: FastifyInstance, options: AuthOptions): void {
  const expected = options.pairingKey === undefined ? undefined : digest(options.pairingKey);
  const tracker = new FailedAuthTracker(options.clock);

  app.decorateRequest<Viewer | null>('viewer', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const host = hostName(request.headers.host);
    if (!host || !options.hostNames.has(host)) {
      return forbidden(reply, 'Unknown Host: call the proxy at the address it printed at start.');
    }
    const callback = isCallbackRoute(request.url);
    const origin = request.headers.origin;
    const fromExtension = origin !== undefined && isExtensionOrigin(origin, options.extensionIds);
    if (origin && !fromExtension && !callback) {
      return forbidden(reply, 'Only the Omni Smart Sync extension may call this proxy.');
    }
    // Browsers mark requests a web page makes (an <img>, a form, a fetch) as cross-site or same-site.
    const site = request.headers['sec-fetch-site'];
    if (!fromExtension && !callback && (site === 'cross-site' || site === 'same-site')) {
      return forbidden(reply, 'Web pages may not call this proxy.');
    }
    if (request.method === 'OPTIONS' || isPublicRoute(request.url)) return;

    const header = request.headers.authorization ?? '';
    const presented = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!presented) {
      return reply.code(401).send({
        error: 'unauthorized',
        message: 'Missing pairing key: send "Authorization: Bearer <pairing key>".',
      });
    }
    // The right key is never held back, whatever wrong guesses came before it.
    const presentedDigest = digest(presented);
    if (expected && timingSafeEqual(presentedDigest, expected)) {
      request.viewer = OWNER;
      return;
    }
    const named = await options.store.findPairingKey(presentedDigest.toString('hex'));
    if (named) {
      request.viewer = { kind: 'key', keyId: named.id, name: named.name };
      return;
    }
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
    tracker.recordFailure(address);
    return reply.code(401).send({
      error: 'unauthorized',
      message: 'Wrong pairing key. Copy the key the proxy printed at start into the extension Options page.',
    });
  });
}
