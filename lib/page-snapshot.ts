/** Reduces what the page reader found to the plain data the background keeps. */
import type { DashboardReading } from './omni';
import type { PageSnapshot } from './snapshots';

export function toPageSnapshot(reading: DashboardReading, url: string, now = Date.now()): PageSnapshot {
  return {
    url,
    kind: reading.kind,
    provider: reading.provider,
    heading: reading.heading,
    tabs: reading.strips?.tabs ?? [],
    subTabs: reading.strips?.subTabs ?? [],
    activeTab: reading.strips?.activeTab ?? null,
    activeSubTab: reading.strips?.activeSubTab ?? null,
    ledgerConnected: reading.ledgerConnected,
    ...(reading.kind === 'connect' ? { ledgerOrganisation: reading.ledgerOrganisation ?? null } : {}),
    list: reading.list
      ? { state: reading.list.state, rows: reading.list.count, pager: reading.list.pager }
      : null,
    readAt: now,
  };
}

/** Whether two readings differ in anything a person would see (the time of reading aside). */
export function sameSnapshot(a: PageSnapshot | null, b: PageSnapshot): boolean {
  return a !== null && JSON.stringify({ ...a, readAt: 0 }) === JSON.stringify({ ...b, readAt: 0 });
}
