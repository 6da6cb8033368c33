import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PROXY_PORT } from '../lib/proxy-api';

/** Scopes for Xero apps created after 2 March 2026 (granular, read-only). */
export const XERO_DEFAULT_SCOPES = [
  'offline_access',
  'accounting.settings.read',
  'accounting.contacts.read',
  'accounting.invoices.read',
  'accounting.payments.read',
  'accounting.manualjournals.read',
];
export const QBO_SCOPES = ['com.intuit.quickbooks.accounting'];

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/** Where tokens and the client secret go: https, or http on this machine only (a local mock). */
const endpointUrl = optionalText.pipe(
  z
    .string()
    .url('must be a URL')
    .refine((text) => {
      const url = URL.canParse(text) ? new URL(text) : undefined;
      return !url || url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    }, 'must be https (http only for localhost or 127.0.0.1)')
    .optional(),
);

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const envSchema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(DEFAULT_PROXY_PORT),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).default('./.data/proxy'),
  /** A Postgres server instead of SQLite in DATA_DIR: what several instances of one practice share. */
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  /** Overrides the pairing key stored in DATA_DIR; at least 24 characters so it cannot be guessed. */
  PAIRING_KEY: optionalText.pipe(z.string().min(24, 'must be at least 24 characters').optional()),
  /** 32 bytes as 64 hex characters or base64; without it a key file is created in DATA_DIR. */
  TOKEN_ENCRYPTION_KEY: optionalText,
  /** Where the identity provider sends the browser back to; must match the app registration. */
  PUBLIC_URL: optionalText.pipe(z.string().url('must be a URL such as http://localhost:8787').optional()),
  /**
   * Comma-separated extension ids allowed to call the proxy. Empty: our own Chromium id and any Firefox
   * install (Firefox gives each install a random id); set, exactly these ids.
   */
  EXTENSION_IDS: optionalText,
  XERO_CLIENT_ID: optionalText,
  XERO_CLIENT_SECRET: optionalText,
  XERO_SCOPES: optionalText,
  /** Xero's API and identity servers; a sandbox or a contract mock can stand in without code changes. */
  XERO_API_URL: endpointUrl,
  XERO_IDENTITY_URL: endpointUrl,
  QBO_CLIENT_ID: optionalText,
  QBO_CLIENT_SECRET: optionalText,
  QBO_ENVIRONMENT: z
    .enum(['sandbox', 'production'], { message: 'must be "sandbox" or "production"' })
    .default('sandbox'),
  /** Intuit's API base and OAuth endpoints; the defaults follow QBO_ENVIRONMENT and Intuit's documentation. */
  QBO_API_URL: endpointUrl,
  QBO_AUTHORIZE_URL: endpointUrl,
  QBO_TOKEN_URL: endpointUrl,
  QBO_REVOKE_URL: endpointUrl,
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
});

export interface QboIdentityEndpoints {
  authorizeEndpoint: string;
  tokenEndpoint: string;
  revokeEndpoint: string;
}

export const XERO_API_URL = 'https://api.xero.com';
export const XERO_IDENTITY_URL = 'https://identity.xero.com';
export const QBO_API_URLS = {
  sandbox: 'https://sandbox-quickbooks.api.intuit.com',
  production: 'https://quickbooks.api.intuit.com',
} as const;
/** Intuit's OAuth 2.0 endpoints, the same for sandbox and production keys. */
export const QBO_IDENTITY_ENDPOINTS: QboIdentityEndpoints = {
  authorizeEndpoint: 'https://appcenter.intuit.com/connect/oauth2',
  tokenEndpoint: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revokeEndpoint: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
};

export interface OAuthAppConfig {
  clientId: string;
  clientSecret: string;
}

/** Settings that may instead be read from a file named by `<NAME>_FILE` (container secrets). */
export const SECRET_SETTINGS = [
  'PAIRING_KEY',
  'TOKEN_ENCRYPTION_KEY',
  'XERO_CLIENT_SECRET',
  'QBO_CLIENT_SECRET',
  'DATABASE_URL',
] as const;

export interface ProxyConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Set: the store is on this Postgres server; unset: SQLite in dataDir. */
  databaseUrl: string | undefined;
  pairingKey: string | undefined;
  tokenEncryptionKey: Buffer | undefined;
  publicUrl: string;
  extensionIds: string[];
  xero: (OAuthAppConfig & { scopes: string[]; apiUrl: string; identityUrl: string }) | undefined;
  qbo:
    | (OAuthAppConfig & {
        environment: 'sandbox' | 'production';
        apiUrl: string;
        identityEndpoints: QboIdentityEndpoints;
      })
    | undefined;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid proxy configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/$/, '');
}

function decodeKey(text: string): Buffer | undefined {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return key.length === 32 ? key : undefined;
}

/** Reads and validates the environment; throws ConfigError naming every bad setting at once. */
export function loadConfig(givenEnv: NodeJS.ProcessEnv, cwd = process.cwd()): ProxyConfig {
  const problems: string[] = [];
  const env = { ...givenEnv };
  for (const name of SECRET_SETTINGS) {
    const file = env[`${name}_FILE`]?.trim();
    if (!file) continue;
    if (env[name]?.trim()) {
      problems.push(`${name} and ${name}_FILE are both set; set one`);
      continue;
    }
    try {
      env[name] = fs.readFileSync(path.resolve(cwd, file), 'utf8').trim();
    } catch (error) {
      problems.push(`${name}_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(problems);
  }
  const settings = parsed.data;

  let tokenEncryptionKey: Buffer | undefined;
  if (settings.TOKEN_ENCRYPTION_KEY) {
    tokenEncryptionKey = decodeKey(settings.TOKEN_ENCRYPTION_KEY);
    if (!tokenEncryptionKey)
      problems.push('TOKEN_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64');
  }
  const pairCheck = (
    idName: string,
    id: string | undefined,
    secretName: string,
    secret: string | undefined,
  ) => {
    if (id && !secret) problems.push(`${secretName} is missing (${idName} is set)`);
    if (secret && !id) problems.push(`${idName} is missing (${secretName} is set)`);
  };
  pairCheck('XERO_CLIENT_ID', settings.XERO_CLIENT_ID, 'XERO_CLIENT_SECRET', settings.XERO_CLIENT_SECRET);
  pairCheck('QBO_CLIENT_ID', settings.QBO_CLIENT_ID, 'QBO_CLIENT_SECRET', settings.QBO_CLIENT_SECRET);
  const extensionIds = (settings.EXTENSION_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  for (const id of extensionIds) {
    if (!/^[a-z0-9@._{}-]+$/i.test(id)) problems.push(`EXTENSION_IDS has an invalid extension id "${id}"`);
  }
  if (settings.DATABASE_URL && !settings.TOKEN_ENCRYPTION_KEY) {
    // Each instance would make its own key file, and none could read the others' tokens.
    problems.push(
      'TOKEN_ENCRYPTION_KEY is missing: with DATABASE_URL every instance must be given the same key',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: settings.PORT,
    host: settings.HOST,
    dataDir: path.resolve(cwd, settings.DATA_DIR),
    databaseUrl: settings.DATABASE_URL,
    pairingKey: settings.PAIRING_KEY,
    tokenEncryptionKey,
    publicUrl: withoutTrailingSlash(settings.PUBLIC_URL ?? `http://localhost:${settings.PORT}`),
    extensionIds,
    xero:
      settings.XERO_CLIENT_ID && settings.XERO_CLIENT_SECRET
        ? {
            clientId: settings.XERO_CLIENT_ID,
            clientSecret: settings.XERO_CLIENT_SECRET,
            scopes: settings.XERO_SCOPES
              ? settings.XERO_SCOPES.split(/[\s,]+/).filter(Boolean)
              : XERO_DEFAULT_SCOPES,
            apiUrl: withoutTrailingSlash(settings.XERO_API_URL ?? XERO_API_URL),
            identityUrl: withoutTrailingSlash(settings.XERO_IDENTITY_URL ?? XERO_IDENTITY_URL),
          }
        : undefined,
    qbo:
      settings.QBO_CLIENT_ID && settings.QBO_CLIENT_SECRET
        ? {
            clientId: settings.QBO_CLIENT_ID,
            clientSecret: settings.QBO_CLIENT_SECRET,
            environment: settings.QBO_ENVIRONMENT,
            apiUrl: withoutTrailingSlash(settings.QBO_API_URL ?? QBO_API_URLS[settings.QBO_ENVIRONMENT]),
            identityEndpoints: {
              authorizeEndpoint: settings.QBO_AUTHORIZE_URL ?? QBO_IDENTITY_ENDPOINTS.authorizeEndpoint,
              tokenEndpoint: settings.QBO_TOKEN_URL ?? QBO_IDENTITY_ENDPOINTS.tokenEndpoint,
              revokeEndpoint: settings.QBO_REVOKE_URL ?? QBO_IDENTITY_ENDPOINTS.revokeEndpoint,
            },
          }
        : undefined,
    logLevel: settings.LOG_LEVEL,
  };
}
