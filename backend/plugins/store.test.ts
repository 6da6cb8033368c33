import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type ConnectionRecord, DataDirInUseError, SqliteStore } from './store';

const record = (id: string, provider: 'xero' | 'qbo'): ConnectionRecord => ({
  id,
  provider,
  tenantId: `tenant-${id}`,
  organisationName: `Org ${id}`,
  providerConnectionId: null,
  sealedTokens: 'v1.sealed',
  tokenExpiresAt: 1000,
  state: 'connected',
  lastError: null,
  callsLeftToday: null,
  createdAt: 1,
  updatedAt: 1,
});

describe('SqliteStore', () => {
  it('migrates once, keeps data across reopening, and is private to the owner', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-store-'));
    try {
      const file = path.join(dir, 'proxy.sqlite');
      const first = new SqliteStore(file);
      first.replaceConnection(record('a', 'xero'));
      first.close();
      const second = new SqliteStore(file);
      expect(second.listConnections().map((c) => c.id)).toEqual(['a']);
      second.close();
      const raw = new Database(file);
      expect(raw.pragma('user_version', { simple: true })).toBe(1);
      raw.close();
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the database, its WAL and the folder private even when the folder already existed open', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-store-'));
    const previousMask = process.umask(0o022);
    try {
      fs.chmodSync(dir, 0o755);
      const file = path.join(dir, 'proxy.sqlite');
      const store = new SqliteStore(file);
      store.replaceConnection(record('a', 'xero'));
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      for (const written of [file, `${file}-wal`]) expect(fs.statSync(written).mode & 0o777).toBe(0o600);
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      store.close();
    } finally {
      process.umask(previousMask);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second store on the same database while the first is open, and says why', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-store-'));
    try {
      const file = path.join(dir, 'proxy.sqlite');
      const first = new SqliteStore(file);
      expect(() => new SqliteStore(file)).toThrow(DataDirInUseError);
      expect(() => new SqliteStore(file)).toThrow(/Another Omni Smart Sync proxy is using .*DATA_DIR/s);
      first.replaceConnection(record('a', 'xero'));
      first.close();
      const second = new SqliteStore(file);
      expect(second.listConnections().map((c) => c.id)).toEqual(['a']);
      second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps one connection per provider and updates health without touching tokens', () => {
    const store = new SqliteStore(':memory:');
    store.replaceConnection(record('a', 'xero'));
    store.replaceConnection(record('b', 'qbo'));
    store.replaceConnection(record('c', 'xero'));
    expect(
      store
        .listConnections()
        .map((c) => c.id)
        .sort(),
    ).toEqual(['b', 'c']);
    store.updateHealth('c', { state: 'needs_reconnect', lastError: 'refused', callsLeftToday: 4000 }, 5);
    expect(store.getConnection('c')).toMatchObject({
      state: 'needs_reconnect',
      lastError: 'refused',
      callsLeftToday: 4000,
      sealedTokens: 'v1.sealed',
    });
    store.saveTokens('c', 'v1.new', 9000, 6);
    expect(store.getConnection('c')).toMatchObject({
      state: 'connected',
      lastError: null,
      sealedTokens: 'v1.new',
      tokenExpiresAt: 9000,
    });
    expect(store.deleteConnection('c')).toBe(true);
    expect(store.findConnection('xero')).toBeUndefined();
    store.close();
  });

  it('lets an OAuth state be used once and only while fresh', () => {
    const store = new SqliteStore(':memory:');
    store.saveOAuthAttempt({ state: 's1', provider: 'xero', createdAt: 100 });
    expect(store.takeOAuthAttempt('s1', 'qbo', 0)).toBeUndefined();
    expect(store.takeOAuthAttempt('s1', 'xero', 0)).toEqual({
      state: 's1',
      provider: 'xero',
      createdAt: 100,
    });
    expect(store.takeOAuthAttempt('s1', 'xero', 0)).toBeUndefined();
    store.saveOAuthAttempt({ state: 's2', provider: 'xero', createdAt: 100 });
    expect(store.takeOAuthAttempt('s2', 'xero', 101)).toBeUndefined();
    store.close();
  });
});
