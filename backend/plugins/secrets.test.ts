import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPairingKey, loadTokenKey, TokenCipher } from './secrets';

describe('secrets', () => {
  it('seals tokens with AES-256-GCM bound to the row', () => {
    const cipher = new TokenCipher(randomBytes(32));
    const sealed = cipher.encrypt('{"accessToken":"abc"}', 'xero:row-1');
    expect(sealed).not.toContain('abc');
    expect(cipher.decrypt(sealed, 'xero:row-1')).toBe('{"accessToken":"abc"}');
    expect(() => cipher.decrypt(sealed, 'xero:row-2')).toThrow();
    expect(() => new TokenCipher(randomBytes(32)).decrypt(sealed, 'xero:row-1')).toThrow();
    const [version, iv, tag, body = ''] = sealed.split('.');
    const tampered = [version, iv, tag, `${body.slice(0, -2)}AA`].join('.');
    expect(() => cipher.decrypt(tampered, 'xero:row-1')).toThrow();
  });

  it('creates the pairing key and token key once, readable by the owner only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-secrets-'));
    try {
      const first = loadPairingKey(dir, undefined);
      expect(first.createdNow).toBe(true);
      expect(first.key.length).toBeGreaterThanOrEqual(24);
      const again = loadPairingKey(dir, undefined);
      expect(again).toEqual({ key: first.key, createdNow: false, source: 'file' });
      expect(fs.statSync(path.join(dir, 'pairing.key')).mode & 0o777).toBe(0o600);
      expect(loadPairingKey(dir, 'from-the-environment-123456').source).toBe('env');

      const key = loadTokenKey(dir, undefined);
      expect(key.length).toBe(32);
      expect(loadTokenKey(dir, undefined).equals(key)).toBe(true);
      expect(fs.statSync(path.join(dir, 'token.key')).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
