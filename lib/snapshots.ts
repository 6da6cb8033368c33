/**
 * Plain-data shapes that cross the extension's boundaries (content ↔ background ↔ views), each once: a
 * zod schema, its type inferred. The page reader (lib/omni) imports these types with `import type`, so
 * zod stays out of the content script's bundle.
 */
import { z } from 'zod';
import { type ConnectionStatus, type Provider, providerSchema } from './proxy-api';
import type { RunState } from './sync/run';

export const pageKindSchema = z.enum(['dashboard', 'dashboard-v1', 'connect', 'login', 'error', 'other']);
export type PageKind = z.infer<typeof pageKindSchema>;

/** What pressing a sub-tab's upload control means, which decides the control and the run order. */
export const subTabKindSchema = z.enum([
  'contacts',
  'transactions', // Upload All / Upload Selected
  'upload-ticked', // a plain Upload of the ticked rows (Payments, Landed Costs)
  'cogs', // Refresh Data, then Update All
  'read-only', // Admin, Errors, Discrepancies: read for the report, never uploaded
]);
export type SubTabKind = z.infer<typeof subTabKindSchema>;

/** A tab of the dashboard's first row, as the reader found it. */
export const tabInfoSchema = z.object({
  label: z.string(),
  key: z.string(),
  count: z.number().nullable(),
  active: z.boolean(),
  known: z.boolean(),
  syncs: z.boolean(),
});
export type TabInfo = z.infer<typeof tabInfoSchema>;

export const subTabInfoSchema = tabInfoSchema.extend({ kind: subTabKindSchema });
export type SubTabInfo = z.infer<typeof subTabInfoSchema>;

export const listStateSchema = z.enum(['loading', 'empty', 'rows', 'missing']);
export type ListState = z.infer<typeof listStateSchema>;

/** What the content script saw on one Omni page, reduced to data. */
export const pageSnapshotSchema = z.object({
  url: z.string(),
  kind: pageKindSchema,
  provider: providerSchema.nullable(),
  heading: z.string().nullable(),
  tabs: z.array(tabInfoSchema),
  subTabs: z.array(subTabInfoSchema),
  activeTab: z.string().nullable(),
  activeSubTab: z.string().nullable(),
  ledgerConnected: z.boolean().nullable(),
  /** The organisation the Connect page names Omni as connected to (absent elsewhere). */
  ledgerOrganisation: z.string().max(200).nullable().optional(),
  list: z
    .object({
      state: listStateSchema,
      rows: z.number().int(),
      pager: z.string().nullable(),
    })
    .nullable(),
  readAt: z.number(),
});
export type PageSnapshot = z.infer<typeof pageSnapshotSchema>;

/** Sub-tabs seen per first-row tab, remembered per provider as the user (or a run) opens them. */
export const layoutSchema = z.record(
  z.string(),
  z.object({ label: z.string(), subTabs: z.array(subTabInfoSchema), seenAt: z.number() }),
);
export type DashboardLayout = z.infer<typeof layoutSchema>;

export const omniConnectionSchema = z.object({
  provider: providerSchema.nullable(),
  connected: z.boolean(),
  /** The ledger organisation, where the Connect page names it. */
  organisation: z.string().nullable().optional(),
  seenAt: z.number(),
});
export type OmniConnection = z.infer<typeof omniConnectionSchema>;

export type ProxyState =
  | { state: 'not-configured' }
  | { state: 'unreachable'; message: string; checkedAt: number }
  | { state: 'unauthorised'; message: string; checkedAt: number }
  | {
      state: 'ok';
      version: string;
      connections: ConnectionStatus[];
      /** Providers the proxy has client credentials for (absent in states stored before). */
      configuredProviders?: Provider[];
      checkedAt: number;
    };

/** Whether an http(s) address names this machine. */
function isLoopback(address: string): boolean {
  try {
    const host = new URL(address).hostname;
    return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}

export const settingsSchema = z.object({
  proxyUrl: z
    .string()
    .trim()
    .refine((value) => value === '' || /^https?:\/\/[^/\s]+\/?$/.test(value), {
      message: 'Enter the proxy address as http://host:port (no path), or leave it empty.',
    })
    // The pairing key travels with every call: in the clear only to this machine.
    .refine((value) => !value.startsWith('http:') || isLoopback(value), {
      message:
        'Use https:// for a proxy on another machine; http:// is only for this one (localhost, 127.0.0.1, [::1]).',
    })
    .transform((value) => value.replace(/\/$/, '')),
  pairingKey: z.string().trim().max(200),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Everything a view needs, pushed as one snapshot (Dark Reader's habit). */
export interface StatusSnapshot {
  page: PageSnapshot | null;
  layout: Partial<Record<Provider, DashboardLayout>>;
  omniConnection: OmniConnection | null;
  proxy: ProxyState;
  /** The ledger connection picked for runs, per provider, when several are connected. */
  ledgerChoice: Partial<Record<Provider, string>>;
  settings: { proxyUrl: string; pairingKeySet: boolean };
  shortcut: string | null;
  /** The run in progress, or the last one. */
  run: RunState | null;
  /** Past runs, newest first, without their item lists. */
  history: Array<{
    id: string;
    startedAt: number;
    endedAt: number | null;
    status: RunState['status'];
    synced: number;
    failed: number;
    /** What the ledger said of the synced references; null when they were not verified. */
    ledger: { found: number; missing: number; duplicate: number } | null;
  }>;
}
