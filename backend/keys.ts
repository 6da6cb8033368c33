import { randomBytes, randomUUID } from 'node:crypto';
import { pairingKeyHash } from './plugins/auth';
import { pairingKeyFingerprint } from './plugins/secrets';
import type { ProxyStore } from './plugins/store';

/** `npm run proxy -- keys …`: named pairing keys, one per bookkeeper of a practice. */
export const KEYS_USAGE = `Usage:
  npm run proxy -- keys add <name> [--connection <connection id>]...   new key, printed once
  npm run proxy -- keys list                                           keys and the connections each sees
  npm run proxy -- keys revoke <name>                                  the key stops working at once
  npm run proxy -- keys grant <name> <connection id>                   let a key use a connection`;

export class KeysUsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${KEYS_USAGE}`);
    this.name = 'KeysUsageError';
  }
}

const NAME = /^[\w .@-]{1,64}$/;

/** Runs one keys command against the store; returns what to print. Keys are stored as hashes only. */
export async function runKeysCommand(args: string[], store: ProxyStore, now = Date.now()): Promise<string> {
  const [command, ...rest] = args;
  if (command === 'add') {
    const [name, ...options] = rest;
    if (!name || !NAME.test(name))
      throw new KeysUsageError('A key needs a name: letters, digits, spaces, . @ _ - (at most 64).');
    const connectionIds: string[] = [];
    for (let i = 0; i < options.length; i += 2) {
      const id = options[i + 1];
      if (options[i] !== '--connection' || !id) throw new KeysUsageError(`Unexpected "${options[i]}".`);
      if (!(await store.getConnection(id))) throw new KeysUsageError(`No connection with id ${id}.`);
      connectionIds.push(id);
    }
    if ((await store.listPairingKeys()).some((key) => key.name === name))
      throw new KeysUsageError(`A key named "${name}" already exists (revoked keys keep their name).`);
    const key = `oss_${randomBytes(24).toString('base64url')}`;
    await store.addPairingKey({
      id: randomUUID(),
      name,
      keyHash: pairingKeyHash(key),
      createdAt: now,
      connectionIds,
    });
    return [
      `Pairing key "${name}" (shown only now; the proxy keeps only its hash):`,
      `  ${key}`,
      `Fingerprint ${pairingKeyFingerprint(key)}; sees ${connectionIds.length} connection(s).`,
      'Give it to the bookkeeper for the extension Options page ("Pairing key").',
    ].join('\n');
  }
  if (command === 'list') {
    const connections = new Map((await store.listConnections()).map((c) => [c.id, c]));
    const keys = await store.listPairingKeys();
    const lines = keys.map((key) => {
      const seen = key.connectionIds.map((id) => {
        const connection = connections.get(id);
        return connection ? `${connection.provider} "${connection.organisationName}" (${id})` : id;
      });
      // The fingerprint is the hash's first 8 hex digits, as pairingKeyFingerprint prints it.
      const fingerprint = `${key.keyHash.slice(0, 4)}-${key.keyHash.slice(4, 8)}`;
      const state = key.revokedAt === null ? 'active' : `revoked ${new Date(key.revokedAt).toISOString()}`;
      return `${key.name}  ${fingerprint}  ${state}  connections: ${seen.join(', ') || 'none'}`;
    });
    const unassigned = [...connections.values()].filter(
      (c) => !keys.some((k) => k.connectionIds.includes(c.id)),
    );
    return [
      keys.length > 0 ? lines.join('\n') : 'No named keys.',
      ...unassigned.map((c) => `connection ${c.id}: ${c.provider} "${c.organisationName}", no named key`),
    ].join('\n');
  }
  if (command === 'revoke') {
    const [name] = rest;
    if (!name) throw new KeysUsageError('Which key? Give its name.');
    if (!(await store.revokePairingKey(name, now)))
      throw new KeysUsageError(`No active key named "${name}".`);
    return `Revoked "${name}": requests with it are refused from now on, on every instance.`;
  }
  if (command === 'grant') {
    const [name, connectionId] = rest;
    if (!name || !connectionId) throw new KeysUsageError('Give a key name and a connection id.');
    if (!(await store.grantConnection(name, connectionId)))
      throw new KeysUsageError(`No active key "${name}" or no connection ${connectionId}.`);
    return `"${name}" now sees connection ${connectionId}.`;
  }
  throw new KeysUsageError(command ? `Unknown keys command "${command}".` : 'Which keys command?');
}
