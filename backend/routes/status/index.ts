import type { FastifyInstance } from 'fastify';
import { type Provider, statusResponseSchema } from '../../../lib/proxy-api';
import type { RouteContext } from '../../context';
import { checkedResponse } from '../../plugins/validation';

export async function statusRoutes(app: FastifyInstance, { context }: { context: RouteContext }) {
  app.get('/api/status', async (request) =>
    checkedResponse(statusResponseSchema, {
      connections: await context.connections.status(request.viewer),
      configuredProviders: (Object.keys(context.providers) as Provider[]).filter((name) =>
        context.providers[name].isConfigured(),
      ),
    }),
  );
}
