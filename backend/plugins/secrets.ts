import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from './data-dir';

const KEY_FILE = 'token.key';
const PAIRING_KEY_FILE = 'pairing.key';

/** Writes a new secret file readable by the owner only, never overwriting one that exists. */
function createSecretFile(file: string, content: string): void {
  ensurePrivateDir(path.dirname(file));
  // 'wx' fails if another process created the file first; then we use theirs.
  try {
    fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  fs.chmodSync(file, 0o600);
}

/** The token-encryption key: from the environment, else from DATA_DIR/token.key (created 0600 on first start). */
export function loadTokenKey(dataDir: string, fromEnv: Buffer | undefined): Buffer {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, KEY_FILE);
  if (!fs.existsSync(file)) createSecretFile(file, randomBytes(32).toString('base64'));
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32)
    throw new Error(`${file} does not hold a 32-byte base64 key; delete it to create a new one`);
  return key;
}

export interface PairingKey {
  key: string;
  createdNow: boolean;
  source: 'env' | 'file';
}

/** The pairing key the extension must present: PAIRING_KEY, else DATA_DIR/pairing.key (created on first start). */
export function loadPairingKey(dataDir: string, fromEnv: string | undefined): PairingKey {
  if (fromEnv) return { key: fromEnv, createdNow: false, source: 'env' };
  const file = path.join(dataDir, PAIRING_KEY_FILE);
  let createdNow = false;
  if (!fs.existsSync(file)) {
    createSecretFile(file, `oss_${randomBytes(24).toString('base64url')}`);
    createdNow = true;
  }
  const key = fs.readFileSync(file, 'utf8').trim();
  if (key.length < 24)
    throw new Error(`${file} holds a pairing key shorter than 24 characters; delete it to create a new one`);
  return { key, createdNow, source: 'file' };
}

/** Identifies a pairing key without revealing it: the first 8 hex digits of its SHA-256, as "1a2b-3c4d". */
export function pairingKeyFingerprint(key: string): string {
  const hex = createHash('sha256').update(key, 'utf8').digest('hex');
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}`;
}

/**
 * AES-256-GCM for tokens at rest. Each value gets a fresh 12-byte IV; the row id is bound in as
 * associated data so a ciphertext copied onto another connection's row fails to decrypt.
 */
export class TokenCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('token key must be 32 bytes');
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      body.toString('base64'),
    ].join('.');
  }

  decrypt(sealed: string, associatedData: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined)
      throw new Error('unrecognised token ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }
}
