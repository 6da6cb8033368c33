import type { FastifyInstance } from 'fastify';
import { healthResponseSchema, PROXY_NAME } from '../../../lib/proxy-api';
import type { RouteContext } from '../../context';
import { checkedResponse } from '../../plugins/validation';

export async function healthRoutes(app: FastifyInstance, { context }: { context: RouteContext }) {
  app.get('/health', async () =>
    checkedResponse(healthResponseSchema, { ok: true, name: PROXY_NAME, version: context.version }),
  );
}
