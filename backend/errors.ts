import type { ErrorBody } from '../lib/proxy-api';

/** An error whose message is safe to show the extension as-is. */
export class ProxyError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorBody['error'],
    message: string,
  ) {
    super(message);
    this.name = 'ProxyError';
  }
}

export const noConnection = (label: string) =>
  new ProxyError(
    409,
    'no_connection',
    `No ${label} connection. Connect ${label} from the extension's options first.`,
  );

export const needsReconnect = (label: string) =>
  new ProxyError(
    409,
    'needs_reconnect',
    `The ${label} connection has expired or was revoked. Connect ${label} again from the extension's options.`,
  );

export const notConfigured = (label: string, envPrefix: string) =>
  new ProxyError(
    409,
    'not_configured',
    `${label} client id not configured: set ${envPrefix}_CLIENT_ID and ${envPrefix}_CLIENT_SECRET and restart the proxy (see backend/README.md).`,
  );

export const providerUnavailable = (label: string, detail: string) =>
  new ProxyError(502, 'provider_unavailable', `${label} did not answer as expected: ${detail}`);

export const storageUnavailable = (detail: string) =>
  new ProxyError(
    503,
    'storage_unavailable',
    `The proxy cannot write to its data folder (${detail}). The newest tokens are kept in memory and saved as soon as it can; free disk space or fix the folder, and keep the proxy running meanwhile.`,
  );

/**
 * A database that cannot be written or read right now. SQLite: disk full, I/O error, read-only, locked.
 * Postgres (SQLSTATE classes): 08 connection lost, 53 out of resources, 57P server shutting down,
 * 58 system error, 25006 read-only; a refused connection; and the pool's own connect timeout.
 */
export function isStorageFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED)/.test(code))
    return true;
  if (typeof code === 'string' && /^(08...|53...|57P..|58...|25006|ECONNREFUSED)$/.test(code)) return true;
  const message = (error as { message?: unknown } | null)?.message;
  return (
    error instanceof Error &&
    typeof message === 'string' &&
    /^(timeout exceeded when trying to connect|Connection terminated)/.test(message)
  );
}

/** The identity provider refused the refresh token (revoked, expired or already used): only a new consent helps. */
export class InvalidGrantError extends Error {
  constructor(message = 'invalid_grant') {
    super(message);
    this.name = 'InvalidGrantError';
  }
}
