import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Provider } from '../lib/proxy-api';
import type { RouteContext } from './context';
import { ProxyError } from './errors';
import { installAuth, isExtensionOrigin } from './plugins/auth';
import { type Clock, systemClock } from './plugins/clock';
import { ConnectionService } from './plugins/connections';
import { LimiterRegistry } from './plugins/limiter';
import type { LedgerProvider } from './plugins/provider';
import { Redactor } from './plugins/redact';
import type { TokenCipher } from './plugins/secrets';
import type { ProxyStore } from './plugins/store';
import { connectionRoutes } from './routes/connections';
import { contactRoutes } from './routes/contacts';
import { healthRoutes } from './routes/health';
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
  pairingKey: string;
  store: ProxyStore;
  cipher: TokenCipher;
  providers: Record<Provider, LedgerProvider>;
  /** Base URL the browser reaches the proxy on; the OAuth redirect URIs hang off it. */
  publicUrl: string;
  extensionIds?: string[];
  clock?: Clock;
  limiters?: LimiterRegistry;
  redactor?: Redactor;
  /** Values never to print besides the pairing key and tokens (client secrets). */
  secrets?: string[];
  logLevel?: string;
  logDestination?: LogDestination;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? systemClock;
  const redactor = deps.redactor ?? new Redactor();
  redactor.remember(deps.pairingKey);
  for (const secret of deps.secrets ?? []) redactor.remember(secret);
  const destination = deps.logDestination ?? process.stdout;

  const app = Fastify({
    // 10,000 references of up to 255 characters must fit.
    bodyLimit: 4 * 1024 * 1024,
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
    limiters: deps.limiters ?? new LimiterRegistry(clock),
    clock,
    redactor,
    log: app.log,
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

  app.setErrorHandler((error: FastifyError, request, reply) => {
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
  installAuth(app, { pairingKey: deps.pairingKey, extensionIds: deps.extensionIds ?? [], clock });

  for (const routes of [
    healthRoutes,
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
