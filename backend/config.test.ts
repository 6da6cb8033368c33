import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, XERO_DEFAULT_SCOPES } from './config';

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
    expect(config.xero).toEqual({ clientId: 'x-id', clientSecret: 'x-secret', scopes: XERO_DEFAULT_SCOPES });
    expect(config.qbo).toEqual({ clientId: 'q-id', clientSecret: 'q-secret', environment: 'production' });
    expect(config.publicUrl).toBe('http://localhost:9000');
    expect(config.extensionIds).toHaveLength(2);
    expect(config.tokenEncryptionKey?.length).toBe(32);
    expect(XERO_DEFAULT_SCOPES.every((scope) => scope === 'offline_access' || scope.endsWith('.read'))).toBe(
      true,
    );
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
