import { afterEach, describe, expect, it } from 'vitest';
import { lockDateResponseSchema, statusResponseSchema } from '../../lib/proxy-api';
import { FakeXero } from './fake-xero';
import { buildTestProxy, type TestProxy } from './helper';

describe('several organisations of one provider', () => {
  let xero: FakeXero;
  let proxy: TestProxy;
  afterEach(async () => {
    await proxy.close();
    await xero.stop();
  });

  it('reads the organisation a check names, and refuses a connection it does not know', async () => {
    xero = await new FakeXero({
      organisations: [
        { name: 'North Ltd', periodLockDate: '2026-01-31' },
        { name: 'South Ltd', periodLockDate: '2026-02-28' },
      ],
    }).start();
    proxy = await buildTestProxy({ xero });
    // Two connections, one per organisation picked on the consent screen.
    for (const tenantId of xero.tenantIds()) await proxy.connect('xero', tenantId);
    const status = statusResponseSchema.parse(
      (await proxy.app.inject({ method: 'GET', url: '/api/status', headers: proxy.headers })).json(),
    );
    const byName = new Map(
      status.connections.map((connection) => [connection.organisationName, connection.id]),
    );
    expect([...byName.keys()].sort()).toEqual(['North Ltd', 'South Ltd']);
    const lockDateOf = async (connectionId: string) => {
      const response = await proxy.app.inject({
        method: 'GET',
        url: `/api/lock-date?provider=xero&connectionId=${connectionId}`,
        headers: proxy.headers,
      });
      return { status: response.statusCode, body: response.json() };
    };
    expect(
      lockDateResponseSchema.parse((await lockDateOf(byName.get('North Ltd') ?? '')).body).lockDate,
    ).toBe('2026-01-31');
    expect(
      lockDateResponseSchema.parse((await lockDateOf(byName.get('South Ltd') ?? '')).body).lockDate,
    ).toBe('2026-02-28');
    const unknown = await lockDateOf('7d0c9f2e-5a3b-4c1d-9e8f-0a1b2c3d4e5f');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/No Xero connection with that id/);
    const malformed = await lockDateOf('north');
    expect(malformed.status).toBe(400);
  });
});
