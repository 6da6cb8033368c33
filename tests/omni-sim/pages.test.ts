import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OmniSim, simPaths, startOmniSim } from './server.ts';

let sim: OmniSim;
beforeAll(async () => {
  sim = await startOmniSim({ https: false });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const page = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${sim.origin}${path}`, { redirect: 'manual', ...init });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
};
const post = (path: string, form: Record<string, string>) =>
  page(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

describe('other Omni pages', () => {
  it('every page carries the chrome: top bar and a left navigation that also says Sales and Purchases', async () => {
    for (const path of [simPaths.home, simPaths.connect, simPaths.v1Dashboard, simPaths.otherPage]) {
      const { status, html } = await page(path);
      expect(status).toBe(200);
      expect(html).toContain('<header class="topbar">');
      expect(html).toMatch(
        /<nav class="sidebar"[\s\S]*>Sales<[\s\S]*>Purchases<[\s\S]*>Xero V2<\/a>[\s\S]*>Xero<\/a>/,
      );
    }
    sim.reset({ provider: 'qbo' });
    expect((await page(simPaths.home)).html).toContain('>QuickBooks Online V2</a>');
    expect((await page('/')).location).toBe(simPaths.home);
    expect((await page('/Cloud/Nope.aspx')).status).toBe(404);
  });

  it('Connect page shows the connection; Connect and Disconnect are logged as forbidden', async () => {
    expect((await page(simPaths.connect)).html).toContain('Connected to Xero');
    expect((await page(simPaths.connect)).html).toContain('Kiwi Outdoor Supplies Ltd');
    const after = await post(simPaths.connect, { ctl00$ContentPlaceHolder1$btnDisconnect: 'Disconnect' });
    expect(after.html).toContain('Not connected to Xero');
    await post(simPaths.connect, { ctl00$ContentPlaceHolder1$btnConnect: 'Connect' });
    expect(sim.actions().map((a) => [a.control, a.allowed])).toEqual([
      ['Disconnect', false],
      ['Connect', false],
    ]);
  });

  it('V1 dashboard names Xero, has no V2 tab rows, and logs its send button as forbidden', async () => {
    const { html } = await page(simPaths.v1Dashboard);
    expect(html).toContain('<h1>Xero Integration</h1>');
    expect(html).toContain('value="Send to Xero"');
    expect(html).not.toContain('RadTabStrip');
    expect(html).not.toContain('Upload All');
    await post(simPaths.v1Dashboard, { ctl00$ContentPlaceHolder1$btnSendToXero: 'Send to Xero' });
    expect(sim.actions()).toEqual([expect.objectContaining({ control: 'Send to Xero', allowed: false })]);
  });

  it('Sales Orders page has a grid, checkboxes and buttons but is not the dashboard', async () => {
    const { html } = await page(simPaths.otherPage);
    expect(html).toContain('<h1>Sales Orders</h1>');
    expect(html).toContain('type="checkbox"');
    expect(html).not.toContain('Accounting Dashboard');
    await post(simPaths.otherPage, { ctl00$ContentPlaceHolder1$btnApprove: 'Approve Selected' });
    expect(sim.actions()).toEqual([expect.objectContaining({ control: 'Approve Selected', allowed: false })]);
  });

  it('login page has Omni login form and needs both fields', async () => {
    const { html } = await page(simPaths.login);
    expect(html).toContain('<label for="txtEmail">Email</label>');
    expect(html).toContain('<label for="txtPassword">Password</label>');
    const refused = await post(simPaths.login, { email: 'sarah@kiwioutdoor.co.nz', password: '' });
    expect(refused.html).toContain('Please enter your email and password.');
    const ok = await post(`${simPaths.login}?ReturnUrl=%2F%2Fevil.example`, {
      email: 'a@b.c',
      password: 'x',
    });
    expect(ok.location).toBe(simPaths.home);
  });
});

describe('https', () => {
  it('serves a self-signed certificate for go.cin7.com', async () => {
    const secure = await startOmniSim();
    try {
      expect(secure.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const { status, subject } = await new Promise<{ status: number; subject: string }>(
        (resolve, reject) => {
          const req = request(
            `${secure.origin}${simPaths.dashboard}`,
            { rejectUnauthorized: false, servername: 'go.cin7.com', headers: { Host: 'go.cin7.com' } },
            (res) => {
              const cert = (res.socket as TLSSocket).getPeerCertificate();
              res.resume();
              resolve({ status: res.statusCode ?? 0, subject: String(cert.subjectaltname) });
            },
          );
          req.on('error', reject);
          req.end();
        },
      );
      expect(status).toBe(200);
      expect(subject).toContain('DNS:go.cin7.com');
    } finally {
      await secure.close();
    }
  });
});
