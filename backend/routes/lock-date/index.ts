import type { FastifyInstance } from 'fastify';
import { lockDateQuerySchema, lockDateResponseSchema } from '../../../lib/proxy-api';
import type { RouteContext } from '../../context';
import { checkedResponse, parseInput } from '../../plugins/validation';

export async function lockDateRoutes(app: FastifyInstance, { context }: { context: RouteContext }) {
  app.get('/api/lock-date', async (request) => {
    const { provider, connectionId } = parseInput(lockDateQuerySchema, request.query, 'query');
    const session = await context.connections.openSession(
      provider,
      request.viewer,
      request.abortSignal,
      connectionId,
    );
    return checkedResponse(lockDateResponseSchema, await context.providers[provider].lockDates(session));
  });
}
