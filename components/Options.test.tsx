// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeConnector, fakeStatus } from './fake-connector';
import { Options } from './Options';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function save(address: string, key: string) {
  fireEvent.change(screen.getByLabelText('Proxy address'), { target: { value: address } });
  fireEvent.change(screen.getByLabelText(/^Pairing key/), { target: { value: key } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
}

describe('the options page', () => {
  it('checks the proxy afresh when it opens', () => {
    const connector = fakeConnector(fakeStatus());
    render(<Options connector={connector} />);
    expect(connector.refreshProxy).toHaveBeenCalledTimes(1);
  });

  it('saving refuses an address the key must not travel to in the clear, and sends nothing', async () => {
    const connector = fakeConnector(fakeStatus());
    render(<Options connector={connector} />);
    save('http://192.168.1.5:8787', 'key');
    expect((await screen.findByRole('status')).textContent).toMatch(
      /^Use https:\/\/ for a proxy on another machine/,
    );
    expect(connector.saveSettings).not.toHaveBeenCalled();
  });

  it('saving sends the settings as validated and says what the proxy answered', async () => {
    const connector = fakeConnector(fakeStatus());
    render(<Options connector={connector} />);
    save(' http://localhost:9999/ ', ' pairing-key ');
    expect((await screen.findByRole('status')).textContent).toBe(
      'Saved. Ledger checks are on: Demo Outdoor Co (Xero).',
    );
    expect(connector.saveSettings).toHaveBeenCalledWith({
      proxyUrl: 'http://localhost:9999',
      pairingKey: 'pairing-key',
    });
  });

  it('Disconnect asks to confirm first: Cancel keeps the connection, OK disconnects it', async () => {
    const connector = fakeConnector(fakeStatus());
    render(<Options connector={connector} />);
    const confirm = vi
      .fn<(message: string) => boolean>()
      .mockReturnValueOnce(false)
      .mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    const organisation = screen.getByRole('listitem');
    fireEvent.click(within(organisation).getByRole('button', { name: 'Disconnect' }));
    expect(confirm).toHaveBeenCalledWith(expect.stringMatching(/^Disconnect Demo Outdoor Co \(Xero\)\?/));
    expect(connector.disconnectLedger).not.toHaveBeenCalled();

    fireEvent.click(within(organisation).getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByText('Disconnected Demo Outdoor Co.')).toBeTruthy();
    expect(connector.disconnectLedger).toHaveBeenCalledWith('c1');
  });

  it('Connect opens the provider’s consent page through the connector and waits for the connection', async () => {
    const connector = fakeConnector(fakeStatus());
    render(<Options connector={connector} />);
    fireEvent.click(screen.getByRole('button', { name: 'Connect QuickBooks Online' }));
    expect(connector.connectLedger).toHaveBeenCalledWith('qbo');
    expect(
      await screen.findByText(/^Finish connecting QuickBooks Online in the tab that opened/),
    ).toBeTruthy();
  });
});
