import pg from 'pg';
import { forDialect, MIGRATIONS, type SqlDatabase, SqlStore } from './store';

/** Epoch milliseconds are BIGINT columns; pg hands BIGINT over as text unless told otherwise. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Every instance takes this advisory lock to migrate, so two starting together migrate once. */
const MIGRATION_LOCK = 'omni-smart-sync:migrations';

/** `?` placeholders, as SqlStore writes them, become Postgres's `$1, $2, …`. */
function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

class PostgresDatabase implements SqlDatabase {
  readonly kind = 'postgres' as const;

  constructor(private readonly client: pg.Pool | pg.PoolClient) {}

  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query(numbered(sql), params)).rows as T[];
  }

  async run(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.client.query(numbered(sql), params)).rowCount ?? 0;
  }

  async transaction<T>(work: (db: SqlDatabase) => Promise<T>, lockKey?: string): Promise<T> {
    if (!('totalCount' in this.client)) return work(this);
    const client = await this.client.connect();
    try {
      await client.query('BEGIN');
      // Held until COMMIT or ROLLBACK, and dropped by the server if this instance dies meanwhile.
      if (lockKey) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey]);
      const result = await work(new PostgresDatabase(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if ('totalCount' in this.client) await this.client.end();
  }
}

export interface PostgresStoreOptions {
  /** Connections this instance may hold; each request needs one at a time, briefly. */
  poolSize?: number;
}

/** The store on a Postgres server (DATABASE_URL): what several proxy instances of a practice share. */
export class PostgresStore extends SqlStore {
  private constructor(private readonly pool: pg.Pool) {
    super(new PostgresDatabase(pool));
  }

  /** Connects, and brings the schema up to date (once, whichever instance gets there first). */
  static async connect(databaseUrl: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      types,
      connectionTimeoutMillis: 10_000,
      // A statement stuck on a lock or a dead server must not hold a request past its deadline.
      statement_timeout: 15_000,
      application_name: 'omni-smart-sync-proxy',
    });
    // An idle client losing its server (a restart) is reported on the next query, not as a crash.
    pool.on('error', () => undefined);
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool);
  }

  /** How many migrations the database has run. */
  async schemaVersion(): Promise<number> {
    const { rows } = await this.pool.query<{ version: number }>('SELECT version FROM proxy_schema');
    return rows[0]?.version ?? 0;
  }
}

async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS proxy_schema (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM proxy_schema');
    let version = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query('INSERT INTO proxy_schema (version) VALUES (0)');
    for (; version < MIGRATIONS.length; version++) {
      await client.query(forDialect(MIGRATIONS[version] ?? '', 'postgres'));
      await client.query('UPDATE proxy_schema SET version = $1', [version + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
