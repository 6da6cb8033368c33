/** The extension's side of the proxy contract: typed calls, every answer validated by lib/proxy-api. */
import type { z } from 'zod';
import {
  type ContactsCheckRequest,
  type ContactsCheckResponse,
  connectResponseSchema,
  contactsCheckResponseSchema,
  disconnectResponseSchema,
  errorBodySchema,
  healthResponseSchema,
  type LockDateResponse,
  lockDateResponseSchema,
  type Provider,
  proxyRoutes,
  statusResponseSchema,
  type VerifyRequest,
  type VerifyResponse,
  verifyResponseSchema,
} from './proxy-api';
import type { ProxyState, Settings } from './snapshots';

const TIMEOUT_MS = 4000;
/** A ledger check made during a run never holds it up for longer than this. */
export const CHECK_TIMEOUT_MS = 5000;
/** References one verify request carries: well inside the proxy's per-request call budget. */
export const VERIFY_CHUNK = 1000;
/** Verification runs after the run, and may need many provider calls (the proxy paces them). */
const VERIFY_TIMEOUT_MS = 120_000;

export class ProxyError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

async function call<T>(
  settings: Settings,
  path: string,
  schema: z.ZodType<T>,
  init: RequestInit = {},
  timeoutMs = TIMEOUT_MS,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${settings.proxyUrl}${path}`, {
      ...init,
      headers: { ...(init.headers ?? {}), Authorization: `Bearer ${settings.pairingKey}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `did not answer in ${timeoutMs / 1000} s`
        : 'is not reachable';
    throw new ProxyError(`The proxy at ${settings.proxyUrl} ${reason}.`, null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(body);
    throw new ProxyError(
      parsed.success ? parsed.data.message : `The proxy answered ${response.status}.`,
      response.status,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ProxyError('The proxy answered in a form this extension does not understand.', null);
  return parsed.data;
}

/** Health, then status with the pairing key: tells apart "not running", "wrong key" and "working". */
export async function checkProxy(settings: Settings, now = Date.now()): Promise<ProxyState> {
  if (!settings.proxyUrl) return { state: 'not-configured' };
  try {
    const health = await call(settings, proxyRoutes.health, healthResponseSchema);
    if (!settings.pairingKey) {
      return { state: 'unauthorised', message: 'Enter the pairing key the proxy printed.', checkedAt: now };
    }
    const status = await call(settings, proxyRoutes.status, statusResponseSchema);
    return {
      state: 'ok',
      version: health.version,
      connections: status.connections,
      configuredProviders: status.configuredProviders,
      checkedAt: now,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ProxyError && error.status === 401) {
      return { state: 'unauthorised', message: 'The proxy refused the pairing key.', checkedAt: now };
    }
    return { state: 'unreachable', message, checkedAt: now };
  }
}

const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** Which of these contact names the ledger already has (exactly, or as a near match the proxy flags). */
export function checkContacts(
  settings: Settings,
  request: ContactsCheckRequest,
): Promise<ContactsCheckResponse> {
  return call(
    settings,
    proxyRoutes.contactsCheck,
    contactsCheckResponseSchema,
    postJson(request),
    CHECK_TIMEOUT_MS,
  );
}

/** The ledger's lock dates (QBO: its closing date). */
export function fetchLockDate(
  settings: Settings,
  provider: Provider,
  connectionId?: string,
): Promise<LockDateResponse> {
  return call(
    settings,
    proxyRoutes.lockDate(provider, connectionId),
    lockDateResponseSchema,
    {},
    CHECK_TIMEOUT_MS,
  );
}

/** Whether each reference is in the ledger once, not at all, or more than once. */
export function verifyReferences(settings: Settings, request: VerifyRequest): Promise<VerifyResponse> {
  return call(settings, proxyRoutes.verify, verifyResponseSchema, postJson(request), VERIFY_TIMEOUT_MS);
}

/** The provider's consent page for a new connection (through the proxy, which keeps the tokens). */
export async function connectUrl(settings: Settings, provider: Provider): Promise<string> {
  return (await call(settings, proxyRoutes.connect(provider), connectResponseSchema)).authorizeUrl;
}

/** Revokes a connection at the provider (where it answers) and forgets its tokens. */
export function disconnect(settings: Settings, connectionId: string): Promise<{ revoked: boolean }> {
  return call(settings, proxyRoutes.connection(connectionId), disconnectResponseSchema, { method: 'DELETE' });
}
