import type { Provider } from '../lib/proxy-api';
import type { Clock } from './plugins/clock';
import type { ConnectionService } from './plugins/connections';
import type { LedgerProvider } from './plugins/provider';
import type { Redactor } from './plugins/redact';
import type { ProxyStore } from './plugins/store';

/** What route plugins receive: the app's collaborators, built once in buildApp. */
export interface RouteContext {
  store: ProxyStore;
  providers: Record<Provider, LedgerProvider>;
  connections: ConnectionService;
  clock: Clock;
  redactor: Redactor;
  publicUrl: string;
  version: string;
}
