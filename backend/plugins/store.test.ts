import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorageFailure } from '../errors';
import { startTestPostgres, type TestPostgres } from '../test/postgres';
import { PostgresStore } from './postgres';
import {
  type CallAdmission,
  type ConnectionRecord,
  DataDirInUseError,
  MIGRATIONS,
  OWNER,
  type ProxyStore,
  SqliteStore,
  type Viewer,
} from './store';

/** `tenantId`: the organisation; a connection to the same one again is a reconnect. */
const record = (
  id: string,
  provider: 'xero' | 'qbo',
  createdAt = 1,
  tenantId = `tenant-${id}`,
): ConnectionRecord => ({
  id,
  provider,
  tenantId,
  organisationName: `Org ${id}`,
  providerConnectionId: null,
  sealedTokens: 'v1.sealed',
  tokenExpiresAt: 1000,
  state: 'connected',
  lastError: null,
  callsLeftToday: null,
  createdAt,
  updatedAt: createdAt,
});

describe('SqliteStore', () => {
  it('migrates once, keeps data across reopening, and is private to the owner', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-store-'));
    try {
      const file = path.join(dir, 'proxy.sqlite');
      const first = new SqliteStore(file);
      await first.replaceConnection(record('a', 'xero'), OWNER);
      await first.close();
      const second = new SqliteStore(file);
      expect((await second.listConnections()).map((c) => c.id)).toEqual(['a']);
      await second.close();
      const raw = new Database(file);
      expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      raw.close();
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('brings a database of the first release up to date, keeping its connection', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-store-'));
    try {
      const file = path.join(dir, 'proxy.sqlite');
      const old = new Database(file);
      old.exec(MIGRATIONS[0] ?? '');
      old.pragma('user_version = 1');
      old
        .prepare(
          `INSERT INTO connections (id, provider, tenant_id, organisation_name, sealed_tokens, token_expires_at,
             state, created_at, updated_at) VALUES ('a', 'xero', 't', 'Old Co', 'v1.x', 5, 'connected', 1, 1)`,
        )
        .run();
      old.close();
      const store = new SqliteStore(file);
      expect(await store.findConnection('xero', OWNER)).toMatchObject({
        id: 'a',
        organisationName: 'Old Co',
      });
      await store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the database, its WAL and the folder private even when the folder already existed open', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-store-'));
    const previousMask = process.umask(0o022);
    try {
      fs.chmodSync(dir, 0o755);
      const file = path.join(dir, 'proxy.sqlite');
      const store = new SqliteStore(file);
      await store.replaceConnection(record('a', 'xero'), OWNER);
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      for (const written of [file, `${file}-wal`]) expect(fs.statSync(written).mode & 0o777).toBe(0o600);
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      await store.close();
    } finally {
      process.umask(previousMask);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second store on the same database while the first is open, and says why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-store-'));
    try {
      const file = path.join(dir, 'proxy.sqlite');
      const first = new SqliteStore(file);
      expect(() => new SqliteStore(file)).toThrow(DataDirInUseError);
      expect(() => new SqliteStore(file)).toThrow(/Another Omni Smart Sync proxy is using .*DATA_DIR/s);
      await first.replaceConnection(record('a', 'xero'), OWNER);
      await first.close();
      const second = new SqliteStore(file);
      expect((await second.listConnections()).map((c) => c.id)).toEqual(['a']);
      await second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** What every back-end must do alike; run once on SQLite and once on a real Postgres server. */
function describeStore(kind: string, open: () => Promise<ProxyStore>) {
  describe(`${kind} store`, () => {
    it('keeps one owner connection per organisation and updates health without touching tokens', async () => {
      const store = await open();
      await store.replaceConnection(record('a', 'xero', 1, 'north'), OWNER);
      await store.replaceConnection(record('b', 'qbo'), OWNER);
      await store.replaceConnection(record('c', 'xero', 1, 'north'), OWNER);
      expect((await store.listConnections()).map((c) => c.id).sort()).toEqual(['b', 'c']);
      // Another organisation of the same provider is another connection.
      await store.replaceConnection(record('d', 'xero', 1, 'south'), OWNER);
      expect((await store.listConnections()).map((c) => c.id).sort()).toEqual(['b', 'c', 'd']);
      await store.deleteConnection('d');
      await store.updateHealth(
        'c',
        { state: 'needs_reconnect', lastError: 'refused', callsLeftToday: 4000 },
        5,
      );
      expect(await store.getConnection('c')).toMatchObject({
        state: 'needs_reconnect',
        lastError: 'refused',
        callsLeftToday: 4000,
        sealedTokens: 'v1.sealed',
      });
      await store.updateHealth('c', { callsLeftToday: 3999 }, 6);
      expect(await store.getConnection('c')).toMatchObject({ lastError: 'refused', callsLeftToday: 3999 });
      await store.saveTokens('c', 'v1.new', 9_000_000_000_000, 7);
      expect(await store.getConnection('c')).toMatchObject({
        state: 'connected',
        lastError: null,
        sealedTokens: 'v1.new',
        tokenExpiresAt: 9_000_000_000_000,
      });
      expect(await store.deleteConnection('c')).toBe(true);
      expect(await store.findConnection('xero', OWNER)).toBeUndefined();
      await store.close();
    });

    it('lets an OAuth state be used once and only while fresh, remembering which key started it', async () => {
      const store = await open();
      await store.saveOAuthAttempt({ state: 's1', provider: 'xero', createdAt: 100, keyId: null });
      expect(await store.takeOAuthAttempt('s1', 'qbo', 0)).toBeUndefined();
      expect(await store.takeOAuthAttempt('s1', 'xero', 0)).toEqual({
        state: 's1',
        provider: 'xero',
        createdAt: 100,
        keyId: null,
      });
      expect(await store.takeOAuthAttempt('s1', 'xero', 0)).toBeUndefined();
      await store.saveOAuthAttempt({ state: 's2', provider: 'xero', createdAt: 100, keyId: 'k' });
      expect(await store.takeOAuthAttempt('s2', 'xero', 101)).toBeUndefined();
      await store.close();
    });

    it('named keys: stored as hashes, each sees the connections it was given, revoked at once', async () => {
      const store = await open();
      await store.replaceConnection(record('owned', 'xero', 1, 'owner-org'), OWNER);
      await store.addPairingKey({
        id: 'k1',
        name: 'Ann',
        keyHash: 'hash-ann',
        createdAt: 1,
        connectionIds: [],
      });
      await store.addPairingKey({
        id: 'k2',
        name: 'Bob',
        keyHash: 'hash-bob',
        createdAt: 2,
        connectionIds: ['owned'],
      });
      const ann: Viewer = { kind: 'key', keyId: 'k1', name: 'Ann' };
      const bob: Viewer = { kind: 'key', keyId: 'k2', name: 'Bob' };
      expect(await store.findPairingKey('hash-ann')).toEqual({ id: 'k1', name: 'Ann' });
      await store.replaceConnection(record('ann-xero', 'xero', 10, 'ann-org'), ann);
      expect((await store.listConnections(ann)).map((c) => c.id)).toEqual(['ann-xero']);
      expect((await store.findConnection('xero', bob))?.id).toBe('owned');
      expect(await store.getConnection('ann-xero', bob)).toBeUndefined();
      expect((await store.listConnections(OWNER)).map((c) => c.id).sort()).toEqual(['ann-xero', 'owned']);

      // Ann connects Xero again: her old connection goes; the owner reconnecting leaves given ones alone.
      await store.replaceConnection(record('ann-xero-2', 'xero', 11, 'ann-org'), ann);
      await store.replaceConnection(record('owner-xero', 'xero', 12, 'owner-org'), OWNER);
      expect((await store.listConnections()).map((c) => c.id).sort()).toEqual([
        'ann-xero-2',
        'owned',
        'owner-xero',
      ]);

      expect(await store.grantConnection('Ann', 'owned')).toBe(true);
      expect(await store.grantConnection('Ann', 'owned')).toBe(true);
      expect(await store.grantConnection('Nobody', 'owned')).toBe(false);
      expect(
        (await store.listPairingKeys()).map((key) => [key.name, key.keyHash, key.connectionIds]),
      ).toEqual([
        ['Ann', 'hash-ann', ['ann-xero-2', 'owned']],
        ['Bob', 'hash-bob', ['owned']],
      ]);
      expect(await store.revokePairingKey('Ann', 50)).toBe(true);
      expect(await store.revokePairingKey('Ann', 51)).toBe(false);
      expect(await store.findPairingKey('hash-ann')).toBeUndefined();
      expect((await store.listPairingKeys())[0]?.revokedAt).toBe(50);
      await expect(
        store.addPairingKey({ id: 'k3', name: 'Bob', keyHash: 'other', createdAt: 3, connectionIds: [] }),
      ).rejects.toThrow();
      await store.close();
    });

    it('a refresh lease is held by one owner at a time, and lapses when its holder never lets go', async () => {
      const store = await open();
      await store.replaceConnection(record('a', 'xero'), OWNER);
      expect(await store.takeRefreshLease('a', 'one', 1000, 30_000)).toBe(true);
      expect(await store.takeRefreshLease('a', 'two', 2000, 30_000)).toBe(false);
      await store.releaseRefreshLease('a', 'two');
      expect(await store.takeRefreshLease('a', 'two', 2000, 30_000)).toBe(false);
      // 'one' died holding it: past its lease, another takes it.
      expect(await store.takeRefreshLease('a', 'two', 31_001, 30_000)).toBe(true);
      await store.releaseInstance('two', 31_002);
      expect(await store.takeRefreshLease('a', 'three', 31_003, 30_000)).toBe(true);
      await store.releaseRefreshLease('a', 'three');
      expect(await store.takeRefreshLease('a', 'four', 31_004, 30_000)).toBe(true);
      await store.close();
    });

    it('counts calls: in flight, per minute, per day, pauses, and frees a dead instance’s slots after their lease', async () => {
      const store = await open();
      const rule = { perMinute: 3, inFlight: 2, perDay: 5, windowMs: 60_000 };
      let next = 0;
      const admit = (now: number, instance = 'i1', organisation = 'xero:t') => {
        const request: CallAdmission = {
          organisation,
          callId: `call-${++next}`,
          instance,
          rule,
          now: () => now,
          leaseMs: 45_000,
        };
        return store.admitCall(request).then((admission) => ({ ...admission, callId: request.callId }));
      };
      const first = await admit(0);
      const second = await admit(0, 'i2');
      expect([first.admitted, second.admitted]).toEqual([true, true]);
      expect(await admit(0)).toMatchObject({ admitted: false, reason: 'in-flight', waitMs: undefined });
      expect((await admit(0, 'i1', 'xero:other')).admitted).toBe(true);
      await store.releaseCall(first.callId, 1000);
      expect((await admit(1000)).admitted).toBe(true);
      await store.releaseInstance('i1', 2000);
      // Three in the minute (one still running on i2): the next waits for the first to leave the window.
      expect(await admit(2000)).toMatchObject({ admitted: false, reason: 'minute', waitMs: 59_000 });
      // i2 died with its call running: after its lease it counts as released at the lease's end.
      expect(await admit(61_500)).toMatchObject({ admitted: true });
      await store.releaseInstance('i1', 61_600);
      expect((await admit(120_000)).admitted).toBe(true);
      await store.releaseInstance('i1', 120_001);
      expect(await admit(130_000)).toMatchObject({
        admitted: false,
        reason: 'day',
        waitMs: 24 * 3600_000 - 130_000,
      });
      expect((await admit(24 * 3600_000 + 1)).admitted).toBe(true);
      // The two calls of the first instant are a day old and forgotten; the peaks are the limiter's own count.
      expect(await store.limiterPeaks('xero:t', 0)).toEqual({ calls: 4, peakInFlight: 2, peakInWindow: 3 });

      await store.pauseOrganisation('xero:p', 5000);
      await store.pauseOrganisation('xero:p', 4000);
      expect(await store.organisationPausedUntil('xero:p')).toBe(5000);
      expect(await admit(1000, 'i1', 'xero:p')).toMatchObject({
        admitted: false,
        reason: 'paused',
        waitMs: 4000,
      });
      expect(await store.ping()).toBe(true);
      await store.close();
    });
  });
}

describeStore('SQLite', async () => new SqliteStore(':memory:'));

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
});

describeStore('Postgres', async () => PostgresStore.connect(await postgres.createDatabase()));

describe('PostgresStore', () => {
  it('migrates once when several instances start together, with the same migrations as SQLite', async () => {
    const url = await postgres.createDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.connect(url)));
    for (const store of stores) expect(await store.schemaVersion()).toBe(MIGRATIONS.length);
    await stores[0]?.replaceConnection(record('a', 'xero'), OWNER);
    expect((await stores[2]?.listConnections())?.map((c) => c.id)).toEqual(['a']);
    await Promise.all(stores.map((store) => store.close()));
  });

  it('a server that does not answer fails the start as a storage failure', async () => {
    const error = await PostgresStore.connect('postgresql://postgres@127.0.0.1:1/none').catch(
      (caught) => caught,
    );
    expect(isStorageFailure(error)).toBe(true);
  });
});
