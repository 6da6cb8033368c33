import type { FastifyInstance } from 'fastify';
import { contactsCheckRequestSchema, contactsCheckResponseSchema } from '../../../lib/proxy-api';
import type { RouteContext } from '../../context';
import { checkedResponse, parseInput } from '../../plugins/validation';

export async function contactRoutes(app: FastifyInstance, { context }: { context: RouteContext }) {
  app.post('/api/contacts/check', async (request) => {
    const { provider, names, connectionId } = parseInput(contactsCheckRequestSchema, request.body, 'body');
    const session = await context.connections.openSession(
      provider,
      request.viewer,
      request.abortSignal,
      connectionId,
    );
    const results = await context.providers[provider].findContacts(session, names);
    return checkedResponse(contactsCheckResponseSchema, { results, calls: session.calls });
  });
}
