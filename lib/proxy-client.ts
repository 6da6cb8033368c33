/** The extension's side of the proxy contract: typed calls, every answer validated by lib/proxy-api. */
import type { z } from 'zod';
import { errorBodySchema, healthResponseSchema, proxyRoutes, statusResponseSchema } from './proxy-api';
import type { ProxyState, Settings } from './snapshots';

const TIMEOUT_MS = 4000;

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
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${settings.proxyUrl}${path}`, {
      ...init,
      headers: { ...(init.headers ?? {}), Authorization: `Bearer ${settings.pairingKey}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError' ? 'did not answer in 4 s' : 'is not reachable';
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
    return { state: 'ok', version: health.version, connections: status.connections, checkedAt: now };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ProxyError && error.status === 401) {
      return { state: 'unauthorised', message: 'The proxy refused the pairing key.', checkedAt: now };
    }
    return { state: 'unreachable', message, checkedAt: now };
  }
}
