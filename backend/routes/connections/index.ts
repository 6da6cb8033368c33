import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  connectionIdParamsSchema,
  connectResponseSchema,
  disconnectResponseSchema,
  providerParamsSchema,
} from '../../../lib/proxy-api';
import type { RouteContext } from '../../context';
import { notConfigured, ProxyError } from '../../errors';
import { OWNER, type Viewer } from '../../plugins/store';
import { checkedResponse, parseInput } from '../../plugins/validation';

/** How long a consent screen may stay open before its `state` is refused. */
export const OAUTH_ATTEMPT_TTL_MS = 15 * 60_000;

const ENV_PREFIX = { xero: 'XERO', qbo: 'QBO' } as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function sendPage(reply: FastifyReply, statusCode: number, title: string, message: string) {
  return reply
    .code(statusCode)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
        '<style>body{font:16px system-ui,sans-serif;margin:3em auto;max-width:36em;padding:0 1em}</style></head>' +
        `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
    );
}

async function attemptViewer(context: RouteContext, keyId: string | null): Promise<Viewer> {
  if (keyId === null) return OWNER;
  const key = (await context.store.listPairingKeys()).find((candidate) => candidate.id === keyId);
  if (!key || key.revokedAt !== null) throw new ProxyError(403, 'forbidden', 'That pairing key was revoked.');
  return { kind: 'key', keyId: key.id, name: key.name };
}

export async function connectionRoutes(app: FastifyInstance, { context }: { context: RouteContext }) {
  app.get('/api/connect/:provider', async (request) => {
    const { provider } = parseInput(providerParamsSchema, request.params, 'params');
    const ledger = context.providers[provider];
    if (!ledger.isConfigured()) throw notConfigured(ledger.label, ENV_PREFIX[provider]);
    const state = randomBytes(32).toString('base64url');
    await context.store.saveOAuthAttempt({
      state,
      provider,
      createdAt: context.clock.now(),
      keyId: request.viewer.kind === 'key' ? request.viewer.keyId : null,
    });
    return checkedResponse(connectResponseSchema, { authorizeUrl: await ledger.authorizeUrl(state) });
  });

  // The identity provider redirects the browser here, so no bearer header: the one-time `state` guards it.
  app.get('/api/callback/:provider', async (request, reply) => {
    const params = providerParamsSchema.safeParse(request.params);
    if (!params.success)
      return sendPage(reply, 404, 'Unknown provider', 'This proxy connects Xero and QuickBooks Online only.');
    const provider = params.data.provider;
    const ledger = context.providers[provider];
    const query = request.query as Record<string, unknown>;
    const state = typeof query.state === 'string' ? query.state : '';
    const attempt = state
      ? await context.store.takeOAuthAttempt(state, provider, context.clock.now() - OAUTH_ATTEMPT_TTL_MS)
      : undefined;
    if (!attempt) {
      return sendPage(
        reply,
        400,
        'Link expired',
        `This ${ledger.label} sign-in link has expired or was already used. Start again from the extension's options.`,
      );
    }
    if (typeof query.error === 'string') {
      const detail = typeof query.error_description === 'string' ? query.error_description : query.error;
      return sendPage(
        reply,
        400,
        'Not connected',
        `${ledger.label} did not grant access: ${detail.slice(0, 200)}`,
      );
    }
    try {
      const organisation = await ledger.completeAuthorisation(`${context.publicUrl}${request.url}`, state);
      // The connection goes to the key that started the attempt (checked again: it may have been revoked since).
      await context.connections.saveAuthorisation(
        provider,
        organisation,
        await attemptViewer(context, attempt.keyId),
      );
      request.log.info({ provider, tenantId: organisation.tenantId }, 'connected');
      return sendPage(
        reply,
        200,
        `Connected to ${ledger.label}`,
        `Omni Smart Sync can now read "${organisation.organisationName}". You can close this tab.`,
      );
    } catch (error) {
      request.log.warn({ provider, detail: context.redactor.describe(error) }, 'authorisation failed');
      return sendPage(
        reply,
        502,
        'Not connected',
        `${ledger.label} did not complete the connection. Start again from the extension's options.`,
      );
    }
  });

  app.delete('/api/connections/:id', async (request) => {
    const { id } = parseInput(connectionIdParamsSchema, request.params, 'params');
    const { revoked } = await context.connections.disconnect(id, request.viewer);
    return checkedResponse(disconnectResponseSchema, { disconnected: true, revoked });
  });
}
