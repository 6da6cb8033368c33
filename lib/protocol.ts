/**
 * The one typed message protocol between content script, views and the background. Views send through
 * components/connector.ts; the content script's run driver sends its own (reportPage, nextWork, runEvent,
 * screenRows, claimReturn).
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Provider } from './proxy-api';
import type { PageSnapshot, Settings, StatusSnapshot } from './snapshots';
import type { StartResult, Work } from './sync/controller';
import type { ItemOutcome, RunEvent, RunScope, ScreenRequest } from './sync/schemas';

export interface ProtocolMap {
  /** Content script → background: what this tab shows now. */
  reportPage(snapshot: PageSnapshot): void;
  /** Views → background: the status snapshot for a tab (the popup's active tab, the panel's own). */
  getStatus(tabId: number | null): StatusSnapshot;
  /** Content script → background: the status of the tab it runs in. */
  getOwnStatus(): StatusSnapshot;
  /** Options → background: validate and save the proxy settings, then check the proxy. */
  saveSettings(settings: Settings): StatusSnapshot;
  /** Options → background: open the provider's consent page for a new (or renewed) ledger connection. */
  connectLedger(provider: Provider): void;
  /** Options → background: the connection runs check against, among several of a provider. */
  chooseLedgerConnection(choice: { provider: Provider; connectionId: string }): void;
  /** Options → background: revoke a ledger connection through the proxy; then the status. */
  disconnectLedger(connectionId: string): StatusSnapshot;
  /** Views → background: check the proxy again now. */
  refreshProxy(): StatusSnapshot;
  /** Panel → background: start a run in this tab (from what it shows now), or join the one in progress. */
  startRun(request: { scope: RunScope; page: PageSnapshot }): StartResult;
  cancelRun(): void;
  resumeRun(): void;
  /** Content script → background: what this tab should do now (on the dashboard, a pause for leaving it ends). */
  nextWork(request: { onDashboard: boolean; token: string | null }): Work;
  /**
   * Content script → background: a step's progress, in order; `proceed` false means stop before the next
   * click. A step's end is answered with the next work too.
   */
  runEvent(events: RunEvent[]): { proceed: boolean; next?: Work };
  /** Content script → background: the ledger checks on rows about to be ticked; the rows to leave out. */
  screenRows(request: ScreenRequest): ItemOutcome[];
  /** Content script → background: after its run ended, the sub-tab the run started on (once), or null. */
  claimReturn(token: string | null): { tab: string; subTab: string } | null;
  /** Panel → background: upload the contacts the ledger already has, too, in this run. */
  uploadExistingContacts(): void;
  /** Popup → content script: start Smart Sync All on this tab's dashboard, as the panel's button does. */
  startFromView(): Pick<StartResult, 'started' | 'message'>;
  /** Background → content script: a run was started for this tab (the keyboard shortcut). */
  kick(): void;
  /** Popup → content script: the page outline (structure and labels only) of the page in that tab. */
  getOutline(): string;
  /** Panel → background: a finished or current run as CSV. */
  exportRun(runId: string): { filename: string; csv: string } | null;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
