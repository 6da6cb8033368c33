import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, QBO_IDENTITY_ENDPOINTS, XERO_DEFAULT_SCOPES } from './config';

describe('loadConfig', () => {
  it('starts with no configuration at all', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      dataDir: '/srv/app/.data/proxy',
      publicUrl: 'http://localhost:8787',
      xero: undefined,
      qbo: undefined,
      extensionIds: [],
    });
  });

  it('reads client credentials, scopes and environment', () => {
    const config = loadConfig({
      XERO_CLIENT_ID: 'x-id',
      XERO_CLIENT_SECRET: 'x-secret',
      QBO_CLIENT_ID: 'q-id',
      QBO_CLIENT_SECRET: 'q-secret',
      QBO_ENVIRONMENT: 'production',
      PORT: '9000',
      EXTENSION_IDS: 'abcdefghijklmnopabcdefghijklmnop, 0b6c6d4e-3b57-4e4c-8f5a-2f0e5e3c1a11',
      TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
    });
    expect(config.xero).toEqual({
      clientId: 'x-id',
      clientSecret: 'x-secret',
      scopes: XERO_DEFAULT_SCOPES,
      apiUrl: 'https://api.xero.com',
      identityUrl: 'https://identity.xero.com',
    });
    expect(config.qbo).toEqual({
      clientId: 'q-id',
      clientSecret: 'q-secret',
      environment: 'production',
      apiUrl: 'https://quickbooks.api.intuit.com',
      identityEndpoints: QBO_IDENTITY_ENDPOINTS,
    });
    expect(config.publicUrl).toBe('http://localhost:9000');
    expect(config.extensionIds).toHaveLength(2);
    expect(config.tokenEncryptionKey?.length).toBe(32);
    expect(XERO_DEFAULT_SCOPES.every((scope) => scope === 'offline_access' || scope.endsWith('.read'))).toBe(
      true,
    );
  });

  it('points the providers at other servers (a sandbox or a contract mock) from settings', () => {
    const config = loadConfig({
      XERO_CLIENT_ID: 'x-id',
      XERO_CLIENT_SECRET: 'x-secret',
      XERO_API_URL: 'http://127.0.0.1:4010/',
      XERO_IDENTITY_URL: 'https://identity.mock.example',
      QBO_CLIENT_ID: 'q-id',
      QBO_CLIENT_SECRET: 'q-secret',
      QBO_API_URL: 'http://localhost:4020',
      QBO_AUTHORIZE_URL: 'https://auth.mock.example/authorize',
      QBO_TOKEN_URL: 'https://auth.mock.example/token',
      QBO_REVOKE_URL: 'https://auth.mock.example/revoke',
    });
    expect(config.xero).toMatchObject({
      apiUrl: 'http://127.0.0.1:4010',
      identityUrl: 'https://identity.mock.example',
    });
    expect(config.qbo).toMatchObject({
      environment: 'sandbox',
      apiUrl: 'http://localhost:4020',
      identityEndpoints: {
        authorizeEndpoint: 'https://auth.mock.example/authorize',
        tokenEndpoint: 'https://auth.mock.example/token',
        revokeEndpoint: 'https://auth.mock.example/revoke',
      },
    });
    expect(loadConfig({ QBO_CLIENT_ID: 'q', QBO_CLIENT_SECRET: 's' }).qbo?.apiUrl).toBe(
      'https://sandbox-quickbooks.api.intuit.com',
    );
    // Tokens and the client secret travel there: plain http only on this machine.
    expect(() => loadConfig({ XERO_API_URL: 'http://xero.mock.example' })).toThrow(
      /XERO_API_URL must be https \(http only for localhost or 127.0.0.1\)/,
    );
    expect(() => loadConfig({ QBO_TOKEN_URL: 'not a url' })).toThrow(/QBO_TOKEN_URL must be a URL/);
  });

  it('names every bad setting at once', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', QBO_ENVIRONMENT: 'staging', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toMatch(/PORT must be a number/);
      expect(message).toMatch(/QBO_ENVIRONMENT must be "sandbox" or "production"/);
      expect(message).toMatch(/LOG_LEVEL/);
    }
  });

  it('refuses half-configured providers, weak keys and bad extension ids', () => {
    try {
      loadConfig({
        XERO_CLIENT_ID: 'only-the-id',
        QBO_CLIENT_SECRET: 'only-the-secret',
        TOKEN_ENCRYPTION_KEY: 'short',
        EXTENSION_IDS: 'good,bad id!',
      });
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'TOKEN_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64',
        'XERO_CLIENT_SECRET is missing (XERO_CLIENT_ID is set)',
        'QBO_CLIENT_ID is missing (QBO_CLIENT_SECRET is set)',
        'EXTENSION_IDS has an invalid extension id "bad id!"',
      ]);
    }
    expect(() => loadConfig({ PAIRING_KEY: 'too-short' })).toThrow(
      /PAIRING_KEY must be at least 24 characters/,
    );
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between 1 and 65535/);
  });
});

describe('loadConfig for a practice', () => {
  it('reads DATABASE_URL and secrets from *_FILE, and needs the shared token key with Postgres', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'token'), `${'b'.repeat(64)}\n`);
      fs.writeFileSync(path.join(dir, 'db'), 'postgresql://proxy@db:5432/sync\n');
      const config = loadConfig({ TOKEN_ENCRYPTION_KEY_FILE: 'token', DATABASE_URL_FILE: 'db' }, dir);
      expect(config.databaseUrl).toBe('postgresql://proxy@db:5432/sync');
      expect(config.tokenEncryptionKey).toEqual(Buffer.from('b'.repeat(64), 'hex'));

      expect(() => loadConfig({ DATABASE_URL: 'postgresql://proxy@db/sync' }, dir)).toThrow(
        /TOKEN_ENCRYPTION_KEY is missing: with DATABASE_URL every instance must be given the same key/,
      );
      expect(() =>
        loadConfig(
          { PAIRING_KEY: 'x'.repeat(30), PAIRING_KEY_FILE: 'token', DATABASE_URL: 'mysql://x' },
          dir,
        ),
      ).toThrow(ConfigError);
      expect(() => loadConfig({ XERO_CLIENT_SECRET_FILE: 'missing' }, dir)).toThrow(
        /XERO_CLIENT_SECRET_FILE cannot be read \(ENOENT\)/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
