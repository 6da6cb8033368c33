import type { FastifyInstance } from 'fastify';
import { verifyRequestSchema, verifyResponseSchema } from '../../../lib/proxy-api';
import type { RouteContext } from '../../context';
import { classifyReferences } from '../../plugins/matching';
import { checkedResponse, parseInput } from '../../plugins/validation';

export async function verifyRoutes(app: FastifyInstance, { context }: { context: RouteContext }) {
  app.post('/api/verify', async (request) => {
    const { provider, kind, references, connectionId } = parseInput(
      verifyRequestSchema,
      request.body,
      'body',
    );
    const session = await context.connections.openSession(
      provider,
      request.viewer,
      request.abortSignal,
      connectionId,
    );
    const documents = await context.providers[provider].findDocuments(session, kind, references);
    return checkedResponse(verifyResponseSchema, {
      results: classifyReferences(references, documents),
      calls: session.calls,
    });
  });
}
