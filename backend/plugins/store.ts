import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Provider } from '../../lib/proxy-api';
import { ensurePrivateDir, ensurePrivateFile } from './data-dir';

export type ConnectionState = 'connected' | 'needs_reconnect';

export interface ConnectionRecord {
  id: string;
  provider: Provider;
  /** Xero tenant id or QBO realm id. */
  tenantId: string;
  organisationName: string;
  /** Xero's id for the app-to-tenant connection (needed to disconnect); null for QBO. */
  providerConnectionId: string | null;
  /** AES-256-GCM sealed token set; the store never sees plaintext tokens. */
  sealedTokens: string;
  tokenExpiresAt: number;
  state: ConnectionState;
  lastError: string | null;
  callsLeftToday: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface OAuthAttempt {
  state: string;
  provider: Provider;
  createdAt: number;
}

/**
 * Everything the proxy persists. SQLite implements it today; a server database can implement the
 * same interface later without the routes noticing.
 */
export interface ProxyStore {
  listConnections(): ConnectionRecord[];
  getConnection(id: string): ConnectionRecord | undefined;
  findConnection(provider: Provider): ConnectionRecord | undefined;
  /** Saves a new connection and removes any older one for the same provider, in one transaction. */
  replaceConnection(record: ConnectionRecord): void;
  /** Saves a rotated token set in one statement, so a crash leaves either the old or the new set. */
  saveTokens(id: string, sealedTokens: string, tokenExpiresAt: number, now: number): void;
  updateHealth(
    id: string,
    change: { state?: ConnectionState; lastError?: string | null; callsLeftToday?: number },
    now: number,
  ): void;
  deleteConnection(id: string): boolean;
  saveOAuthAttempt(attempt: OAuthAttempt): void;
  /** Returns and deletes the attempt so a `state` can be used once only. Older than `notBefore` counts as absent. */
  takeOAuthAttempt(state: string, provider: Provider, notBefore: number): OAuthAttempt | undefined;
  close(): void;
}

/** Ordered; each runs once, tracked by SQLite's user_version. Never edit a shipped migration, add one. */
const MIGRATIONS: string[] = [
  `CREATE TABLE connections (
     id TEXT PRIMARY KEY,
     provider TEXT NOT NULL CHECK (provider IN ('xero', 'qbo')),
     tenant_id TEXT NOT NULL,
     organisation_name TEXT NOT NULL,
     provider_connection_id TEXT,
     sealed_tokens TEXT NOT NULL,
     token_expires_at INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('connected', 'needs_reconnect')),
     last_error TEXT,
     calls_left_today INTEGER,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE oauth_attempts (
     state TEXT PRIMARY KEY,
     provider TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );`,
];

interface ConnectionRow {
  id: string;
  provider: Provider;
  tenant_id: string;
  organisation_name: string;
  provider_connection_id: string | null;
  sealed_tokens: string;
  token_expires_at: number;
  state: ConnectionState;
  last_error: string | null;
  calls_left_today: number | null;
  created_at: number;
  updated_at: number;
}

function toRecord(row: ConnectionRow): ConnectionRecord {
  return {
    id: row.id,
    provider: row.provider,
    tenantId: row.tenant_id,
    organisationName: row.organisation_name,
    providerConnectionId: row.provider_connection_id,
    sealedTokens: row.sealed_tokens,
    tokenExpiresAt: row.token_expires_at,
    state: row.state,
    lastError: row.last_error,
    callsLeftToday: row.calls_left_today,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** A second proxy on the same DATA_DIR: it must not start, or both would refresh the same tokens. */
export class DataDirInUseError extends Error {
  constructor(file: string) {
    super(
      `Another Omni Smart Sync proxy is using ${path.dirname(file)} (its database ${path.basename(file)} is locked). ` +
        'Two proxies on one data folder would each refresh the same tokens and lose the connection. ' +
        'Stop the other proxy first, or start this one with its own DATA_DIR.',
    );
    this.name = 'DataDirInUseError';
  }
}

export class SqliteStore implements ProxyStore {
  private readonly db: Database.Database;

  /**
   * `file` ':memory:' gives a throw-away store for tests. A file is held in SQLite's exclusive locking
   * mode for the life of the store: the operating system keeps the lock, and releases it when the
   * process ends however it ends, so a crashed proxy never leaves a stale lock behind.
   */
  constructor(file: string) {
    if (file !== ':memory:') {
      ensurePrivateDir(path.dirname(file));
      // SQLite gives the WAL file the database's mode, so the database is made 0600 before SQLite opens it.
      ensurePrivateFile(file);
      for (const companion of [`${file}-wal`, `${file}-shm`]) {
        if (fs.existsSync(companion)) fs.chmodSync(companion, 0o600);
      }
    }
    this.db = new Database(file, { timeout: 1000 });
    try {
      // Must come before the first access in WAL mode; that access then takes the lock and keeps it.
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
    } catch (error) {
      this.db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirInUseError(file);
      throw error;
    }
  }

  static inDataDir(dataDir: string): SqliteStore {
    return new SqliteStore(path.join(dataDir, 'proxy.sqlite'));
  }

  listConnections(): ConnectionRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM connections ORDER BY provider, created_at')
      .all() as ConnectionRow[];
    return rows.map(toRecord);
  }

  getConnection(id: string): ConnectionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as
      | ConnectionRow
      | undefined;
    return row && toRecord(row);
  }

  findConnection(provider: Provider): ConnectionRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM connections WHERE provider = ? ORDER BY created_at DESC LIMIT 1')
      .get(provider) as ConnectionRow | undefined;
    return row && toRecord(row);
  }

  replaceConnection(record: ConnectionRecord): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM connections WHERE provider = ?').run(record.provider);
      this.db
        .prepare(
          `INSERT INTO connections (id, provider, tenant_id, organisation_name, provider_connection_id, sealed_tokens,
             token_expires_at, state, last_error, calls_left_today, created_at, updated_at)
           VALUES (@id, @provider, @tenantId, @organisationName, @providerConnectionId, @sealedTokens,
             @tokenExpiresAt, @state, @lastError, @callsLeftToday, @createdAt, @updatedAt)`,
        )
        .run(record);
    })();
  }

  saveTokens(id: string, sealedTokens: string, tokenExpiresAt: number, now: number): void {
    this.db
      .prepare(
        `UPDATE connections SET sealed_tokens = ?, token_expires_at = ?, state = 'connected', last_error = NULL,
           updated_at = ? WHERE id = ?`,
      )
      .run(sealedTokens, tokenExpiresAt, now, id);
  }

  updateHealth(
    id: string,
    change: { state?: ConnectionState; lastError?: string | null; callsLeftToday?: number },
    now: number,
  ): void {
    const current = this.getConnection(id);
    if (!current) return;
    this.db
      .prepare(
        'UPDATE connections SET state = ?, last_error = ?, calls_left_today = ?, updated_at = ? WHERE id = ?',
      )
      .run(
        change.state ?? current.state,
        change.lastError === undefined ? current.lastError : change.lastError,
        change.callsLeftToday ?? current.callsLeftToday,
        now,
        id,
      );
  }

  deleteConnection(id: string): boolean {
    return this.db.prepare('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
  }

  saveOAuthAttempt(attempt: OAuthAttempt): void {
    this.db.transaction(() => {
      // Abandoned attempts are never consumed; an hour is far beyond any consent screen.
      this.db.prepare('DELETE FROM oauth_attempts WHERE created_at < ?').run(attempt.createdAt - 3_600_000);
      this.db
        .prepare('INSERT INTO oauth_attempts (state, provider, created_at) VALUES (?, ?, ?)')
        .run(attempt.state, attempt.provider, attempt.createdAt);
    })();
  }

  takeOAuthAttempt(state: string, provider: Provider, notBefore: number): OAuthAttempt | undefined {
    return this.db.transaction(() => {
      const row = this.db
        .prepare('SELECT state, provider, created_at FROM oauth_attempts WHERE state = ? AND provider = ?')
        .get(state, provider) as { state: string; provider: Provider; created_at: number } | undefined;
      if (!row) return undefined;
      this.db.prepare('DELETE FROM oauth_attempts WHERE state = ?').run(state);
      if (row.created_at < notBefore) return undefined;
      return { state: row.state, provider: row.provider, createdAt: row.created_at };
    })();
  }

  close(): void {
    this.db.close();
  }
}
