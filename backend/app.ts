import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Provider } from '../lib/proxy-api';
import type { RouteContext } from './context';
import { isStorageFailure, ProxyError, storageUnavailable } from './errors';
import { allowedHostNames, extraExtensionIds, installAuth, isExtensionOrigin } from './plugins/auth';
import { type Clock, systemClock } from './plugins/clock';
import { ConnectionService, LONGEST_RETRY_WAIT_MS } from './plugins/connections';
import { LimiterRegistry, StoreCallLedger } from './plugins/limiter';
import type { LedgerProvider } from './plugins/provider';
import { Redactor } from './plugins/redact';
import type { TokenCipher } from './plugins/secrets';
import type { ProxyStore } from './plugins/store';
import { connectionRoutes } from './routes/connections';
import { contactRoutes } from './routes/contacts';
import { healthRoutes, readyRoutes } from './routes/health';
import { lockDateRoutes } from './routes/lock-date';
import { statusRoutes } from './routes/status';
import { verifyRoutes } from './routes/verify';

/** The project's version, read from package.json so there is one place to bump it. */
export const PROXY_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface LogDestination {
  write(line: string): void;
}

export interface AppDeps {
  /** The owner key, which sees every connection; undefined when only named keys (in the store) may call. */
  pairingKey: string | undefined;
  store: ProxyStore;
  cipher: TokenCipher;
  providers: Record<Provider, LedgerProvider>;
  /** Base URL the browser reaches the proxy on; the OAuth redirect URIs hang off it. */
  publicUrl: string;
  /** Host names besides loopback and PUBLIC_URL's that the proxy answers to (HOST when it names one). */
  hosts?: string[];
  extensionIds?: string[];
  /** Longest a request may run before its provider calls are cancelled. */
  requestDeadlineMs?: number;
  clock?: Clock;
  /** This instance's name in the store's leases and call slots; a new one per process by default. */
  instance?: string;
  /** Defaults to counting calls in the store when it is shared (Postgres), in memory otherwise. */
  limiters?: LimiterRegistry;
  redactor?: Redactor;
  /** Values never to print besides the pairing key and tokens (client secrets). */
  secrets?: string[];
  logLevel?: string;
  logDestination?: LogDestination;
}

/** Long enough for a full call budget at Xero's 60 calls a minute, with room for a pause. */
export const REQUEST_DEADLINE_MS = 6 * 60_000;

/*
 * The largest body the schemas accept: 10,000 references of 255 characters, each character sent as a
 * six-byte JSON escape (\u0001) in the worst case, plus quotes, commas and the other fields.
 */
export const BODY_LIMIT_BYTES = 10_000 * (255 * 6 + 3) + 4096;

declare module 'fastify' {
  interface FastifyRequest {
    /** Aborts when the client goes away or the request's deadline passes; sessions stop their calls. */
    abortSignal: AbortSignal;
  }
  interface FastifyInstance {
    /** This instance's name in the store's leases and call slots. */
    proxyInstance: string;
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? systemClock;
  const redactor = deps.redactor ?? new Redactor();
  if (deps.pairingKey) redactor.remember(deps.pairingKey);
  const instance = deps.instance ?? `proxy-${randomUUID()}`;
  for (const secret of deps.secrets ?? []) redactor.remember(secret);
  const destination = deps.logDestination ?? process.stdout;

  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    // Time allowed to receive a whole request; a client trickling bytes cannot hold a connection.
    requestTimeout: 30_000,
    logger: {
      level: deps.logLevel ?? 'info',
      // Every line passes the redactor last, whatever a library put into it.
      stream: { write: (line: string) => destination.write(redactor.redact(line)) },
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', '*.authorization'],
        censor: '[redacted]',
      },
      serializers: {
        // The query string is left out: the OAuth callback carries the code and state there.
        req: (request: { method: string; url: string; ip?: string }) => ({
          method: request.method,
          path: request.url.split('?')[0],
          remoteAddress: request.ip,
        }),
      },
    },
  });

  const connections = new ConnectionService({
    store: deps.store,
    cipher: deps.cipher,
    providers: deps.providers,
    limiters:
      deps.limiters ??
      new LimiterRegistry(clock, {
        // Several instances share a Postgres store: the organisation's limits must be counted there.
        ledger: deps.store.kind === 'postgres' ? new StoreCallLedger(deps.store) : undefined,
        instance,
        longestWaitMs: LONGEST_RETRY_WAIT_MS,
      }),
    clock,
    redactor,
    log: app.log,
    instance,
  });
  await connections.rememberStoredSecrets();
  app.decorate('proxyInstance', instance);
  // Shutting down: each answer still to come closes its keep-alive connection, or the server's close
  // would wait out the client's idle connection after the last in-flight request.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  // After the last in-flight request: whatever this instance still holds is let go for the others.
  app.addHook('onClose', async () => {
    await deps.store.releaseInstance(instance, clock.now()).catch((error: unknown) => {
      app.log.warn(
        { detail: redactor.describe(error) },
        'could not release leases; they expire by themselves',
      );
    });
  });
  const context: RouteContext = {
    store: deps.store,
    providers: deps.providers,
    connections,
    clock,
    redactor,
    publicUrl: deps.publicUrl.replace(/\/$/, ''),
    version: PROXY_VERSION,
  };

  const extraIds = extraExtensionIds(deps.extensionIds ?? []);
  if (extraIds.length > 0) {
    app.log.warn(
      { extensionIds: extraIds },
      'EXTENSION_IDS lets extensions other than Omni Smart Sync call this proxy (they still need the pairing key)',
    );
  }

  const deadlineMs = deps.requestDeadlineMs ?? REQUEST_DEADLINE_MS;
  app.decorateRequest('abortSignal', null as unknown as AbortSignal);
  app.addHook('onRequest', async (request, reply) => {
    const controller = new AbortController();
    const deadline = setTimeout(
      () =>
        controller.abort(
          new ProxyError(
            504,
            'provider_unavailable',
            `The request took longer than ${Math.round(deadlineMs / 1000)} s and was stopped; send fewer at a time.`,
          ),
        ),
      deadlineMs,
    );
    deadline.unref();
    reply.raw.on('close', () => {
      clearTimeout(deadline);
      if (reply.raw.writableEnded) return;
      request.log.info('client closed the request; cancelling its provider calls');
      controller.abort(new ProxyError(499, 'bad_request', 'The client closed the request.'));
    });
    request.abortSignal = controller.signal;
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isStorageFailure(error)) {
      request.log.error({ detail: redactor.describe(error) }, 'storage failure');
      const { statusCode, code, message } = storageUnavailable(redactor.describe(error));
      return reply.code(statusCode).send({ error: code, message });
    }
    if (error instanceof ProxyError) {
      if (error.statusCode >= 500)
        request.log.warn({ code: error.code, detail: redactor.redact(error.message) }, 'provider error');
      return reply
        .code(error.statusCode)
        .send({ error: error.code, message: redactor.redact(error.message) });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, wrong content type, body too large) say nothing secret.
      return reply.code(status === 413 || status === 415 ? status : 400).send({
        error: 'bad_request',
        message: redactor.redact(error.message),
      });
    }
    request.log.error({ detail: redactor.describe(error) }, 'unexpected error');
    return reply.code(500).send({ error: 'internal_error', message: 'Internal error; see the proxy log.' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );

  await app.register(cors, {
    origin: (origin, callback) =>
      callback(null, origin !== undefined && isExtensionOrigin(origin, deps.extensionIds ?? [])),
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });
  installAuth(app, {
    pairingKey: deps.pairingKey,
    store: deps.store,
    extensionIds: deps.extensionIds ?? [],
    hostNames: allowedHostNames(deps.publicUrl, deps.hosts),
    clock,
  });

  for (const routes of [
    healthRoutes,
    readyRoutes,
    statusRoutes,
    connectionRoutes,
    contactRoutes,
    lockDateRoutes,
    verifyRoutes,
  ]) {
    await app.register(routes, { context });
  }
  return app;
}
