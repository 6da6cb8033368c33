import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Provider } from '../../lib/proxy-api';
import { ensurePrivateDir, ensurePrivateFile } from './data-dir';

export type ConnectionState = 'connected' | 'needs_reconnect';
export type StoreKind = 'sqlite' | 'postgres';

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
  /** The named pairing key that started the attempt; the new connection is given to it. Null: the owner key. */
  keyId: string | null;
}

/**
 * Who is asking. The owner key (PAIRING_KEY or DATA_DIR/pairing.key, the one-bookkeeper setup) sees
 * every connection; a named key sees the connections it was given.
 */
export type Viewer = { kind: 'owner' } | { kind: 'key'; keyId: string; name: string };
export const OWNER: Viewer = { kind: 'owner' };

export interface PairingKeyRecord {
  id: string;
  name: string;
  /** SHA-256 of the key, hex. The key itself is never stored. */
  keyHash: string;
  createdAt: number;
  revokedAt: number | null;
  connectionIds: string[];
}

export interface LimitRule {
  perMinute: number;
  inFlight: number;
  perDay?: number;
  /** How long a completed call keeps its place in the minute. */
  windowMs: number;
}

export type Admission =
  | { admitted: true }
  | {
      admitted: false;
      /** Until a slot frees for certain; undefined when it frees only as a running call ends. */
      waitMs: number | undefined;
      reason: 'paused' | 'day' | 'minute' | 'in-flight';
    };

export interface CallAdmission {
  organisation: string;
  callId: string;
  /** Which proxy instance makes the call: its slots are freed when it shuts down. */
  instance: string;
  rule: LimitRule;
  /** Read once the organisation's lock is held, so the times recorded follow the order of admission. */
  now: () => number;
  /** A call still unreleased after this long belonged to an instance that died; it stops counting as in flight. */
  leaseMs: number;
}

export const DAY_MS = 24 * 3600_000;

/**
 * Everything the proxy persists. `SqliteStore` (one process, DATA_DIR) and `PostgresStore` (a practice:
 * several instances, DATABASE_URL) implement it with the same SQL and the same migrations.
 */
export interface ProxyStore {
  readonly kind: StoreKind;
  /** Every connection the viewer may use; without a viewer, every connection (the proxy's own bookkeeping). */
  listConnections(viewer?: Viewer): Promise<ConnectionRecord[]>;
  getConnection(id: string, viewer?: Viewer): Promise<ConnectionRecord | undefined>;
  /** The viewer's newest connection to `provider`. */
  findConnection(provider: Provider, viewer: Viewer): Promise<ConnectionRecord | undefined>;
  /**
   * Saves a new connection for the viewer, in one transaction with removing the one it replaces: for a
   * named key, its previous connection to the provider (deleted unless another key was given it); for
   * the owner, the provider's connections no named key was given.
   */
  replaceConnection(record: ConnectionRecord, viewer: Viewer): Promise<void>;
  /** Saves a rotated token set in one statement, so a crash leaves either the old or the new set. */
  saveTokens(id: string, sealedTokens: string, tokenExpiresAt: number, now: number): Promise<void>;
  updateHealth(
    id: string,
    change: { state?: ConnectionState; lastError?: string | null; callsLeftToday?: number },
    now: number,
  ): Promise<void>;
  deleteConnection(id: string): Promise<boolean>;
  /**
   * Takes the connection's refresh lease for `owner` until `now + leaseMs` when it is free or expired:
   * one refresh per connection across every instance, and a crashed instance holds it no longer than that.
   */
  takeRefreshLease(id: string, owner: string, now: number, leaseMs: number): Promise<boolean>;
  releaseRefreshLease(id: string, owner: string): Promise<void>;

  saveOAuthAttempt(attempt: OAuthAttempt): Promise<void>;
  /** Returns and deletes the attempt so a `state` can be used once only. Older than `notBefore` counts as absent. */
  takeOAuthAttempt(state: string, provider: Provider, notBefore: number): Promise<OAuthAttempt | undefined>;

  addPairingKey(key: Omit<PairingKeyRecord, 'revokedAt'>): Promise<void>;
  listPairingKeys(): Promise<PairingKeyRecord[]>;
  /** The live (not revoked) key with this hash. */
  findPairingKey(keyHash: string): Promise<{ id: string; name: string } | undefined>;
  revokePairingKey(name: string, now: number): Promise<boolean>;
  grantConnection(keyName: string, connectionId: string): Promise<boolean>;

  /** Takes a slot of the organisation's limits for one provider call, or says how long to wait. */
  admitCall(request: CallAdmission): Promise<Admission>;
  releaseCall(callId: string, now: number): Promise<void>;
  pauseOrganisation(organisation: string, until: number): Promise<void>;
  organisationPausedUntil(organisation: string): Promise<number>;
  /** The most calls the limiter let run at once, and start within one window, since `since`. */
  limiterPeaks(
    organisation: string,
    since: number,
  ): Promise<{ calls: number; peakInFlight: number; peakInWindow: number }>;
  /** Releases every lease and call slot `instance` holds (a graceful shutdown). */
  releaseInstance(instance: string, now: number): Promise<void>;

  /** Whether the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Ordered; each runs once, tracked by SQLite's user_version or Postgres's `proxy_schema`. Never edit a
 * shipped migration, add one. Written in the SQL both databases share; the one difference, that
 * SQLite's INTEGER holds 64 bits and Postgres's 32, is bridged by `forDialect`.
 */
export const MIGRATIONS: string[] = [
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
  `ALTER TABLE connections ADD COLUMN refresh_lease_owner TEXT;
   ALTER TABLE connections ADD COLUMN refresh_lease_until INTEGER;
   ALTER TABLE oauth_attempts ADD COLUMN key_id TEXT;
   CREATE TABLE pairing_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     key_hash TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL,
     revoked_at INTEGER
   );
   CREATE TABLE pairing_key_connections (
     key_id TEXT NOT NULL REFERENCES pairing_keys (id) ON DELETE CASCADE,
     connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
     PRIMARY KEY (key_id, connection_id)
   );
   CREATE TABLE limiter_calls (
     id TEXT PRIMARY KEY,
     organisation TEXT NOT NULL,
     instance TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     released_at INTEGER,
     lease_until INTEGER NOT NULL
   );
   CREATE INDEX limiter_calls_by_organisation ON limiter_calls (organisation, started_at);
   CREATE TABLE limiter_pauses (
     organisation TEXT PRIMARY KEY,
     paused_until INTEGER NOT NULL
   );`,
  // The limiter's own count when it admitted each call, for the benchmark's and the operator's figures.
  `ALTER TABLE limiter_calls ADD COLUMN in_flight_at_start INTEGER;
   ALTER TABLE limiter_calls ADD COLUMN in_window_at_start INTEGER;`,
];

export function forDialect(sql: string, kind: StoreKind): string {
  return kind === 'postgres' ? sql.replace(/\bINTEGER\b/g, 'BIGINT') : sql;
}

/** What `SqlStore` needs from a database; statements use `?` placeholders on both. */
export interface SqlDatabase {
  readonly kind: StoreKind;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /**
   * Runs `work` in one transaction. `lockKey` serialises transactions that name the same key across
   * every instance (Postgres: an advisory lock; SQLite: one writer anyway).
   */
  transaction<T>(work: (db: SqlDatabase) => Promise<T>, lockKey?: string): Promise<T>;
  close(): Promise<void>;
}

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

const CONNECTION_COLUMNS = `c.id, c.provider, c.tenant_id, c.organisation_name, c.provider_connection_id,
  c.sealed_tokens, c.token_expires_at, c.state, c.last_error, c.calls_left_today, c.created_at, c.updated_at`;

/** Limits a connection query to what the viewer may see. */
function visibleTo(viewer: Viewer | undefined): { sql: string; params: unknown[] } {
  if (!viewer || viewer.kind === 'owner') return { sql: '1 = 1', params: [] };
  return {
    sql: 'c.id IN (SELECT connection_id FROM pairing_key_connections WHERE key_id = ?)',
    params: [viewer.keyId],
  };
}

/** The store, written once over `SqlDatabase`; the two back-ends differ only in how they connect. */
export class SqlStore implements ProxyStore {
  readonly kind: StoreKind;

  constructor(protected readonly db: SqlDatabase) {
    this.kind = db.kind;
  }

  async listConnections(viewer?: Viewer): Promise<ConnectionRecord[]> {
    const where = visibleTo(viewer);
    const rows = await this.db.all<ConnectionRow>(
      `SELECT ${CONNECTION_COLUMNS} FROM connections c WHERE ${where.sql} ORDER BY c.provider, c.created_at`,
      where.params,
    );
    return rows.map(toRecord);
  }

  async getConnection(id: string, viewer?: Viewer): Promise<ConnectionRecord | undefined> {
    const where = visibleTo(viewer);
    const [row] = await this.db.all<ConnectionRow>(
      `SELECT ${CONNECTION_COLUMNS} FROM connections c WHERE c.id = ? AND ${where.sql}`,
      [id, ...where.params],
    );
    return row && toRecord(row);
  }

  async findConnection(provider: Provider, viewer: Viewer): Promise<ConnectionRecord | undefined> {
    const where = visibleTo(viewer);
    const [row] = await this.db.all<ConnectionRow>(
      `SELECT ${CONNECTION_COLUMNS} FROM connections c WHERE c.provider = ? AND ${where.sql}
       ORDER BY c.created_at DESC LIMIT 1`,
      [provider, ...where.params],
    );
    return row && toRecord(row);
  }

  /**
   * Saves a new connection in place of the viewer's earlier one to the same organisation (a reconnect);
   * connections to other organisations of the provider stay (a practice connects several).
   */
  async replaceConnection(record: ConnectionRecord, viewer: Viewer): Promise<void> {
    await this.db.transaction(async (db) => {
      if (viewer.kind === 'owner') {
        await db.run(
          `DELETE FROM connections WHERE provider = ? AND tenant_id = ?
             AND id NOT IN (SELECT connection_id FROM pairing_key_connections)`,
          [record.provider, record.tenantId],
        );
      } else {
        const previous = await db.all<{ connection_id: string }>(
          `SELECT g.connection_id FROM pairing_key_connections g JOIN connections c ON c.id = g.connection_id
           WHERE g.key_id = ? AND c.provider = ? AND c.tenant_id = ?`,
          [viewer.keyId, record.provider, record.tenantId],
        );
        for (const { connection_id: id } of previous) {
          await db.run('DELETE FROM pairing_key_connections WHERE key_id = ? AND connection_id = ?', [
            viewer.keyId,
            id,
          ]);
          await db.run(
            `DELETE FROM connections WHERE id = ?
               AND NOT EXISTS (SELECT 1 FROM pairing_key_connections WHERE connection_id = ?)`,
            [id, id],
          );
        }
      }
      await db.run(
        `INSERT INTO connections (id, provider, tenant_id, organisation_name, provider_connection_id, sealed_tokens,
           token_expires_at, state, last_error, calls_left_today, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          record.id,
          record.provider,
          record.tenantId,
          record.organisationName,
          record.providerConnectionId,
          record.sealedTokens,
          record.tokenExpiresAt,
          record.state,
          record.lastError,
          record.callsLeftToday,
          record.createdAt,
          record.updatedAt,
        ],
      );
      if (viewer.kind === 'key') {
        await db.run('INSERT INTO pairing_key_connections (key_id, connection_id) VALUES (?, ?)', [
          viewer.keyId,
          record.id,
        ]);
      }
    });
  }

  async saveTokens(id: string, sealedTokens: string, tokenExpiresAt: number, now: number): Promise<void> {
    await this.db.run(
      `UPDATE connections SET sealed_tokens = ?, token_expires_at = ?, state = 'connected', last_error = NULL,
         updated_at = ? WHERE id = ?`,
      [sealedTokens, tokenExpiresAt, now, id],
    );
  }

  async updateHealth(
    id: string,
    change: { state?: ConnectionState; lastError?: string | null; callsLeftToday?: number },
    now: number,
  ): Promise<void> {
    // One statement, so instances updating different fields at once do not undo each other.
    await this.db.run(
      `UPDATE connections SET state = COALESCE(?, state),
         last_error = CASE WHEN ? = 1 THEN ? ELSE last_error END,
         calls_left_today = COALESCE(?, calls_left_today), updated_at = ? WHERE id = ?`,
      [
        change.state ?? null,
        change.lastError === undefined ? 0 : 1,
        change.lastError ?? null,
        change.callsLeftToday ?? null,
        now,
        id,
      ],
    );
  }

  async deleteConnection(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM connections WHERE id = ?', [id])) > 0;
  }

  async takeRefreshLease(id: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE connections SET refresh_lease_owner = ?, refresh_lease_until = ?
       WHERE id = ? AND (refresh_lease_owner IS NULL OR refresh_lease_until < ? OR refresh_lease_owner = ?)`,
      [owner, now + leaseMs, id, now, owner],
    );
    return changed > 0;
  }

  async releaseRefreshLease(id: string, owner: string): Promise<void> {
    await this.db.run(
      `UPDATE connections SET refresh_lease_owner = NULL, refresh_lease_until = NULL
       WHERE id = ? AND refresh_lease_owner = ?`,
      [id, owner],
    );
  }

  async saveOAuthAttempt(attempt: OAuthAttempt): Promise<void> {
    await this.db.transaction(async (db) => {
      // Abandoned attempts are never consumed; an hour is far beyond any consent screen.
      await db.run('DELETE FROM oauth_attempts WHERE created_at < ?', [attempt.createdAt - 3_600_000]);
      await db.run('INSERT INTO oauth_attempts (state, provider, created_at, key_id) VALUES (?, ?, ?, ?)', [
        attempt.state,
        attempt.provider,
        attempt.createdAt,
        attempt.keyId,
      ]);
    });
  }

  async takeOAuthAttempt(
    state: string,
    provider: Provider,
    notBefore: number,
  ): Promise<OAuthAttempt | undefined> {
    // Deleting first makes the one-time use hold across instances: only one DELETE finds the row.
    const [row] = await this.db.all<{
      state: string;
      provider: Provider;
      created_at: number;
      key_id: string | null;
    }>(
      'DELETE FROM oauth_attempts WHERE state = ? AND provider = ? RETURNING state, provider, created_at, key_id',
      [state, provider],
    );
    if (!row || row.created_at < notBefore) return undefined;
    return { state: row.state, provider: row.provider, createdAt: row.created_at, keyId: row.key_id };
  }

  async addPairingKey(key: Omit<PairingKeyRecord, 'revokedAt'>): Promise<void> {
    await this.db.transaction(async (db) => {
      await db.run('INSERT INTO pairing_keys (id, name, key_hash, created_at) VALUES (?, ?, ?, ?)', [
        key.id,
        key.name,
        key.keyHash,
        key.createdAt,
      ]);
      for (const connectionId of key.connectionIds) {
        await db.run('INSERT INTO pairing_key_connections (key_id, connection_id) VALUES (?, ?)', [
          key.id,
          connectionId,
        ]);
      }
    });
  }

  async listPairingKeys(): Promise<PairingKeyRecord[]> {
    const keys = await this.db.all<{
      id: string;
      name: string;
      key_hash: string;
      created_at: number;
      revoked_at: number | null;
    }>('SELECT id, name, key_hash, created_at, revoked_at FROM pairing_keys ORDER BY created_at, name');
    const grants = await this.db.all<{ key_id: string; connection_id: string }>(
      'SELECT key_id, connection_id FROM pairing_key_connections ORDER BY connection_id',
    );
    return keys.map((key) => ({
      id: key.id,
      name: key.name,
      keyHash: key.key_hash,
      createdAt: key.created_at,
      revokedAt: key.revoked_at,
      connectionIds: grants.filter((grant) => grant.key_id === key.id).map((grant) => grant.connection_id),
    }));
  }

  async findPairingKey(keyHash: string): Promise<{ id: string; name: string } | undefined> {
    const [row] = await this.db.all<{ id: string; name: string }>(
      'SELECT id, name FROM pairing_keys WHERE key_hash = ? AND revoked_at IS NULL',
      [keyHash],
    );
    return row;
  }

  async revokePairingKey(name: string, now: number): Promise<boolean> {
    return (
      (await this.db.run('UPDATE pairing_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL', [
        now,
        name,
      ])) > 0
    );
  }

  async grantConnection(keyName: string, connectionId: string): Promise<boolean> {
    return this.db.transaction(async (db) => {
      const [key] = await db.all<{ id: string }>(
        'SELECT id FROM pairing_keys WHERE name = ? AND revoked_at IS NULL',
        [keyName],
      );
      const [connection] = await db.all<{ id: string }>('SELECT id FROM connections WHERE id = ?', [
        connectionId,
      ]);
      if (!key || !connection) return false;
      await db.run(
        `INSERT INTO pairing_key_connections (key_id, connection_id) SELECT ?, ?
         WHERE NOT EXISTS (SELECT 1 FROM pairing_key_connections WHERE key_id = ? AND connection_id = ?)`,
        [key.id, connectionId, key.id, connectionId],
      );
      return true;
    });
  }

  async admitCall(request: CallAdmission): Promise<Admission> {
    const { organisation, rule } = request;
    return this.db.transaction(async (db) => {
      const now = request.now();
      // A call its instance never released (the instance died) counts as having ended when its lease did.
      await db.run(
        `UPDATE limiter_calls SET released_at = lease_until
         WHERE organisation = ? AND released_at IS NULL AND lease_until < ?`,
        [organisation, now],
      );
      await db.run('DELETE FROM limiter_calls WHERE organisation = ? AND started_at < ?', [
        organisation,
        now - DAY_MS,
      ]);
      const [pause] = await db.all<{ paused_until: number }>(
        'SELECT paused_until FROM limiter_pauses WHERE organisation = ?',
        [organisation],
      );
      if (pause && pause.paused_until > now)
        return { admitted: false, waitMs: pause.paused_until - now, reason: 'paused' };
      const [counts] = await db.all<{
        running: number;
        in_window: number;
        earliest_release: number | null;
        in_day: number;
        earliest_start: number | null;
      }>(
        `SELECT COUNT(CASE WHEN released_at IS NULL THEN 1 END) AS running,
           COUNT(CASE WHEN released_at IS NULL OR released_at > ? THEN 1 END) AS in_window,
           MIN(CASE WHEN released_at > ? THEN released_at END) AS earliest_release,
           COUNT(*) AS in_day, MIN(started_at) AS earliest_start
         FROM limiter_calls WHERE organisation = ?`,
        [now - rule.windowMs, now - rule.windowMs, organisation],
      );
      const running = Number(counts?.running ?? 0);
      if (rule.perDay !== undefined && Number(counts?.in_day ?? 0) >= rule.perDay) {
        return {
          admitted: false,
          waitMs: Number(counts?.earliest_start ?? now) + DAY_MS - now,
          reason: 'day',
        };
      }
      if (running >= rule.inFlight) return { admitted: false, waitMs: undefined, reason: 'in-flight' };
      if (Number(counts?.in_window ?? 0) >= rule.perMinute) {
        const earliest = counts?.earliest_release;
        return {
          admitted: false,
          waitMs:
            earliest === null || earliest === undefined ? undefined : Number(earliest) + rule.windowMs - now,
          reason: 'minute',
        };
      }
      await db.run(
        `INSERT INTO limiter_calls (id, organisation, instance, started_at, lease_until, in_flight_at_start,
           in_window_at_start) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          request.callId,
          organisation,
          request.instance,
          now,
          now + request.leaseMs,
          running + 1,
          Number(counts?.in_window ?? 0) + 1,
        ],
      );
      return { admitted: true };
    }, `limiter:${organisation}`);
  }

  async limiterPeaks(
    organisation: string,
    since: number,
  ): Promise<{ calls: number; peakInFlight: number; peakInWindow: number }> {
    const [row] = await this.db.all<{ calls: number; in_flight: number | null; in_window: number | null }>(
      `SELECT COUNT(*) AS calls, MAX(in_flight_at_start) AS in_flight, MAX(in_window_at_start) AS in_window
       FROM limiter_calls WHERE organisation = ? AND started_at >= ?`,
      [organisation, since],
    );
    return {
      calls: Number(row?.calls ?? 0),
      peakInFlight: Number(row?.in_flight ?? 0),
      peakInWindow: Number(row?.in_window ?? 0),
    };
  }

  async releaseCall(callId: string, now: number): Promise<void> {
    await this.db.run('UPDATE limiter_calls SET released_at = ? WHERE id = ? AND released_at IS NULL', [
      now,
      callId,
    ]);
  }

  async pauseOrganisation(organisation: string, until: number): Promise<void> {
    await this.db.transaction(async (db) => {
      const changed = await db.run(
        `UPDATE limiter_pauses SET paused_until = CASE WHEN paused_until > ? THEN paused_until ELSE ? END
         WHERE organisation = ?`,
        [until, until, organisation],
      );
      if (changed === 0)
        await db.run('INSERT INTO limiter_pauses (organisation, paused_until) VALUES (?, ?)', [
          organisation,
          until,
        ]);
    }, `limiter:${organisation}`);
  }

  async organisationPausedUntil(organisation: string): Promise<number> {
    const [row] = await this.db.all<{ paused_until: number }>(
      'SELECT paused_until FROM limiter_pauses WHERE organisation = ?',
      [organisation],
    );
    return row ? Number(row.paused_until) : 0;
  }

  async releaseInstance(instance: string, now: number): Promise<void> {
    await this.db.run('UPDATE limiter_calls SET released_at = ? WHERE instance = ? AND released_at IS NULL', [
      now,
      instance,
    ]);
    await this.db.run(
      `UPDATE connections SET refresh_lease_owner = NULL, refresh_lease_until = NULL
       WHERE refresh_lease_owner = ?`,
      [instance],
    );
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.all('SELECT 1 AS one');
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.db.close();
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

/**
 * better-sqlite3 behind `SqlDatabase`. Its calls are synchronous; a queue runs one transaction at a
 * time, so statements of other requests never land inside another request's transaction.
 */
class SqliteDatabase implements SqlDatabase {
  readonly kind = 'sqlite' as const;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly raw: Database.Database) {}

  all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.serialised(() => this.allNow<T>(sql, params));
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return this.serialised(() => this.runNow(sql, params));
  }

  transaction<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      const inside: SqlDatabase = {
        kind: 'sqlite',
        all: async <R>(sql: string, params: unknown[] = []) => this.allNow<R>(sql, params),
        run: async (sql, params = []) => this.runNow(sql, params),
        transaction: (nested) => nested(inside),
        close: async () => undefined,
      };
      this.raw.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(inside);
        this.raw.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.raw.close();
  }

  private allNow<T>(sql: string, params: unknown[]): T[] {
    const statement = this.raw.prepare(sql);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  }

  private runNow(sql: string, params: unknown[]): number {
    return this.raw.prepare(sql).run(...params).changes;
  }

  private serialised<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

export function migrateSqlite(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(forDialect(MIGRATIONS[version] ?? '', 'sqlite'));
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

export class SqliteStore extends SqlStore {
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
    const raw = new Database(file, { timeout: 1000 });
    try {
      // Must come before the first access in WAL mode; that access then takes the lock and keeps it.
      raw.pragma('locking_mode = EXCLUSIVE');
      raw.pragma('journal_mode = WAL');
      raw.pragma('foreign_keys = ON');
      migrateSqlite(raw);
    } catch (error) {
      raw.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirInUseError(file);
      throw error;
    }
    super(new SqliteDatabase(raw));
  }

  static inDataDir(dataDir: string): SqliteStore {
    return new SqliteStore(path.join(dataDir, 'proxy.sqlite'));
  }
}
