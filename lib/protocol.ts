/** The one typed message protocol between content script, views and the background. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { PageSnapshot, Settings, StatusSnapshot } from './snapshots';

export interface ProtocolMap {
  /** Content script → background: what this tab shows now. */
  reportPage(snapshot: PageSnapshot): void;
  /** Views → background: the status snapshot for a tab (the popup's active tab, the panel's own). */
  getStatus(tabId: number | null): StatusSnapshot;
  /** Content script → background: the status of the tab it runs in. */
  getOwnStatus(): StatusSnapshot;
  /** Options → background: validate and save the proxy settings, then check the proxy. */
  saveSettings(settings: Settings): StatusSnapshot;
  /** Views → background: check the proxy again now. */
  refreshProxy(): StatusSnapshot;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
