import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import config from '../wxt.config';
import { EXTENSION_ID } from './proxy-api';

/** Chromium's id of an extension: the first 128 bits of SHA-256 of its public key, written with a–p. */
function chromiumId(publicKeyBase64: string): string {
  const digest = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');
  return [...digest.slice(0, 32)]
    .map((nibble) => String.fromCharCode(97 + Number.parseInt(nibble, 16)))
    .join('');
}

describe('the extension id', () => {
  it('is the one the manifest key makes, so the proxy allows the extension users install', () => {
    // The manifest is made per browser: Chromium's carries the key.
    const make = config.manifest as (env: { browser: string; manifestVersion: number }) => { key?: string };
    const manifest = make({ browser: 'chrome', manifestVersion: 3 });
    expect(make({ browser: 'firefox', manifestVersion: 3 }).key).toBeUndefined();
    expect(manifest.key).toBeTypeOf('string');
    expect(chromiumId(manifest.key ?? '')).toBe(EXTENSION_ID);
  });
});
