import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { healthResponseSchema, PROXY_NAME } from '../../../lib/proxy-api';
import type { RouteContext } from '../../context';
import { checkedResponse } from '../../plugins/validation';

/** Alive, and how its database is: never fails because of the database, so the extension can say which part is down. */
export async function healthRoutes(app: FastifyInstance, { context }: { context: RouteContext }) {
  app.get('/health', async () =>
    checkedResponse(healthResponseSchema, {
      ok: true,
      name: PROXY_NAME,
      version: context.version,
      store: context.store.kind,
      database: (await context.store.ping()) ? 'ok' : 'unavailable',
    }),
  );
}

export const readyResponseSchema = z.object({ ready: z.boolean(), store: z.enum(['sqlite', 'postgres']) });

/**
 * For load balancers: 200 while this instance can serve (its database answers), 503 otherwise. While the
 * instance shuts down, Fastify answers every new request, this one included, with 503.
 */
export async function readyRoutes(app: FastifyInstance, { context }: { context: RouteContext }) {
  app.get('/ready', async (_request, reply) => {
    const ready = await context.store.ping();
    return reply
      .code(ready ? 200 : 503)
      .send(checkedResponse(readyResponseSchema, { ready, store: context.store.kind }));
  });
}
