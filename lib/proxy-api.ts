/**
 * Wire contract between the extension and the companion proxy (`backend/`).
 * The browser bundle imports this file, so it must stay free of Node and backend imports.
 * The proxy validates every request and response against these same schemas.
 */
import { z } from 'zod';

export const PROXY_NAME = 'omni-smart-sync-proxy';
export const DEFAULT_PROXY_PORT = 8787;
/** The extension's id in Chromium, fixed by the manifest's `key` (wxt.config.ts). */
export const EXTENSION_ID = 'bgcnalbnhmpnbgojajeifepgeeaeooam';

export const providerSchema = z.enum(['xero', 'qbo']);
export type Provider = z.infer<typeof providerSchema>;

export const documentKindSchema = z.enum([
  'sales-invoice',
  'bill',
  'credit-note',
  'supplier-credit',
  'manual-journal',
  'payment',
]);
export type DocumentKind = z.infer<typeof documentKindSchema>;

/** Every error the proxy answers with has this body. */
export const errorBodySchema = z.object({
  error: z.enum([
    'bad_request',
    'unauthorized',
    'forbidden',
    'too_many_requests',
    'not_found',
    'no_connection',
    'not_configured',
    'needs_reconnect',
    'provider_unavailable',
    'storage_unavailable',
    'internal_error',
  ]),
  message: z.string(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const healthResponseSchema = z.object({
  ok: z.literal(true),
  name: z.literal(PROXY_NAME),
  version: z.string(),
  /** Where the proxy keeps its data: SQLite beside one proxy, or Postgres shared by a practice's instances. */
  store: z.enum(['sqlite', 'postgres']).optional(),
  /** Whether the database answered just now. */
  database: z.enum(['ok', 'unavailable']).optional(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const connectionStatusSchema = z.object({
  id: z.string(),
  provider: providerSchema,
  organisationName: z.string(),
  tenantId: z.string(),
  /** ISO 8601 instant the current access token expires. */
  tokenExpiresAt: z.string(),
  /** From the provider's own rate-limit headers; null when it does not say. */
  callsLeftToday: z.number().int().nullable(),
  state: z.enum(['connected', 'needs_reconnect']),
  lastError: z.string().nullable(),
});
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

export const statusResponseSchema = z.object({
  connections: z.array(connectionStatusSchema),
  /** Which providers have client credentials configured in the proxy. */
  configuredProviders: z.array(providerSchema),
});
export type StatusResponse = z.infer<typeof statusResponseSchema>;

export const providerParamsSchema = z.object({ provider: providerSchema });

export const connectResponseSchema = z.object({ authorizeUrl: z.string().url() });
export type ConnectResponse = z.infer<typeof connectResponseSchema>;

export const connectionIdParamsSchema = z.object({ id: z.uuid('must be a connection id from /api/status') });

export const disconnectResponseSchema = z.object({
  disconnected: z.literal(true),
  /** False when the provider could not be reached to revoke; the tokens are deleted either way. */
  revoked: z.boolean(),
});
export type DisconnectResponse = z.infer<typeof disconnectResponseSchema>;

const ledgerTextSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(255, 'must be 255 characters or fewer');

/**
 * Which of the provider's connections a check reads (from /api/status), when several organisations are
 * connected; without it, the first the pairing key sees.
 */
const connectionChoiceSchema = z.uuid('must be a connection id from /api/status').optional();

export const contactsCheckRequestSchema = z.object({
  provider: providerSchema,
  connectionId: connectionChoiceSchema,
  names: z.array(ledgerTextSchema).min(1, 'must list at least one name').max(5000, 'at most 5,000 names'),
});
export type ContactsCheckRequest = z.infer<typeof contactsCheckRequestSchema>;

export const contactMatchSchema = z.object({
  /** Ledger id. QBO ids are prefixed `customer:` or `supplier:` because both lists are searched. */
  id: z.string(),
  name: z.string(),
  /** True when the ledger's name is character-for-character the same. */
  exact: z.boolean(),
});
export type ContactMatch = z.infer<typeof contactMatchSchema>;

export const contactsCheckResponseSchema = z.object({
  results: z.array(z.object({ name: z.string(), matches: z.array(contactMatchSchema) })),
  calls: z.number().int(),
});
export type ContactsCheckResponse = z.infer<typeof contactsCheckResponseSchema>;

export const lockDateQuerySchema = z.object({
  provider: providerSchema,
  connectionId: connectionChoiceSchema,
});

export const lockDateResponseSchema = z.object({
  /** YYYY-MM-DD, or null when the ledger has none (or does not say). */
  lockDate: z.string().nullable(),
  endOfYearLockDate: z.string().nullable(),
});
export type LockDateResponse = z.infer<typeof lockDateResponseSchema>;

export const verifyRequestSchema = z.object({
  provider: providerSchema,
  connectionId: connectionChoiceSchema,
  kind: documentKindSchema,
  references: z
    .array(ledgerTextSchema)
    .min(1, 'must list at least one reference')
    .max(10_000, 'at most 10,000 references'),
});
export type VerifyRequest = z.infer<typeof verifyRequestSchema>;

export const verifyStatusSchema = z.enum(['found', 'missing', 'duplicate']);
export type VerifyStatus = z.infer<typeof verifyStatusSchema>;

export const verifyResponseSchema = z.object({
  results: z.array(
    z.object({ reference: z.string(), status: verifyStatusSchema, ledgerIds: z.array(z.string()) }),
  ),
  /** Provider API calls this verification made. */
  calls: z.number().int(),
});
export type VerifyResponse = z.infer<typeof verifyResponseSchema>;

/** Paths, so the extension and the proxy never spell them twice. */
export const proxyRoutes = {
  health: '/health',
  status: '/api/status',
  connect: (provider: Provider) => `/api/connect/${provider}`,
  callback: (provider: Provider) => `/api/callback/${provider}`,
  connection: (id: string) => `/api/connections/${encodeURIComponent(id)}`,
  contactsCheck: '/api/contacts/check',
  lockDate: (provider: Provider, connectionId?: string) =>
    `/api/lock-date?provider=${provider}${connectionId ? `&connectionId=${encodeURIComponent(connectionId)}` : ''}`,
  verify: '/api/verify',
} as const;
