import fs from 'node:fs';

/** DATA_DIR holds keys and tokens: owner-only (0700), also when it already existed with looser rights. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** Creates `file` empty and 0600 if missing (before anything writes to it), and tightens it if it exists. */
export function ensurePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
}
