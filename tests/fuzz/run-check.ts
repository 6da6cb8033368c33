/**
 * One whole Smart Sync All run in Chromium on one seed of the rendering fuzzer, judged from the simulator's
 * own logs: every syncable item synced exactly once, nothing outside the allowed clicks, contacts first, and
 * each broken item in the panel's report with Omni's reason. Shared by the browser tests and `npm run fuzz`.
 */

import { planRun } from '../../lib/sync/planner';
import {
  doubleUploads,
  extensionWorker,
  inPanel,
  PanelObject,
  type Session,
  simPaths,
  startSmartSyncAll,
  waitForRunEnd,
} from '../e2e/harness';
import type { HumanStep } from '../omni-sim/fuzz/human';
import { type NavigationKind, variantFor } from '../omni-sim/fuzz/variant';
import { tabsFor } from '../omni-sim/omni';
import type { Provider } from '../omni-sim/server';

const CONTACT_LISTS = ['Customers', 'Suppliers'];
/** Failed items on these lists move to the Errors tab; on every other list they stay, with their reason. */
const MOVING_TO_ERRORS = ['Invoices', 'Credit Notes', 'Supplier Invoices', 'Adjustments'];

export interface SeedRun {
  seed: number;
  provider: Provider;
  navigation: NavigationKind;
  seconds: number;
  headline: string;
  uploads: number;
  problems: string[];
}

/** What the instant human does, in the planner's order, over the lists this provider's dashboard has. */
export function humanOrder(provider: Provider): HumanStep[] {
  const layout = tabsFor(provider).map((tab) => ({
    label: tab.label,
    subTabs: tab.subTabs.map((sub) => sub.label),
  }));
  return planRun(layout, provider).map((step) => ({ tab: step.tab, subTab: step.subTab, kind: step.kind }));
}

/** The provider a seed's run uses: both, alternately. */
export const providerFor = (seed: number): Provider => (seed % 2 === 0 ? 'xero' : 'qbo');

/** The first `perKind` seeds of each navigation kind from `from` on: every kind in every batch. */
export function balancedSeeds(count: number, from = 0): number[] {
  const kinds: NavigationKind[] = ['inpage', 'post', 'get'];
  const perKind = Math.ceil(count / kinds.length);
  const picked = new Map<NavigationKind, number[]>(kinds.map((kind) => [kind, []]));
  for (let seed = from; [...picked.values()].some((seeds) => seeds.length < perKind); seed += 1) {
    const list = picked.get(variantFor(seed).navigation)!;
    if (list.length < perKind) list.push(seed);
  }
  return [...picked.values()]
    .flat()
    .sort((a, b) => a - b)
    .slice(0, count);
}

/** What the panel's report says of failed items: reference and reason, as shown. */
async function reportedFailures(session: Session): Promise<Array<{ reference: string; reason: string }>> {
  const found = await inPanel(session.page, (root) =>
    Array.from(root.querySelectorAll('[data-failed-ref]')).map((item) => ({
      reference: item.getAttribute('data-failed-ref') ?? '',
      reason: item.querySelector('[data-role="reason"]')?.textContent ?? '',
    })),
  );
  return found ?? [];
}

/** A fresh start for the next seed: the simulator's company and the extension's stored runs and layouts. */
async function resetFor(session: Session, seed: number): Promise<void> {
  const latency = seed % 3 === 0 ? 40 : 0;
  session.sim.reset({
    provider: providerFor(seed),
    rendering: { seed },
    latencyMs: latency,
    uploadLatencyMs: latency * 3,
  });
  await (await extensionWorker(session)).evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { local: { clear(): Promise<void> }; session: { clear(): Promise<void> } } };
    };
    await chrome.storage.local.clear();
    await chrome.storage.session.clear();
  });
}

export async function runSeed(session: Session, seed: number, timeoutMs = 150_000): Promise<SeedRun> {
  const navigation = variantFor(seed).navigation;
  const provider = providerFor(seed);
  await resetFor(session, seed);
  const started = Date.now();
  const problems: string[] = [];
  let headline = '';
  try {
    await session.open(simPaths.dashboard);
    await new PanelObject(session.page).waitVisible(20_000);
    await startSmartSyncAll(session.page);
    headline = await waitForRunEnd(session.page, timeoutMs, session);
  } catch (error) {
    problems.push(
      `the run did not end: ${error instanceof Error ? error.message.slice(0, 1500) : String(error)}`,
    );
  }
  const seconds = (Date.now() - started) / 1000;
  const uploads = session.sim.uploads();
  if (
    !/^Smart Sync All finished: \d+ synced · \d+ need attention · \d+ not checked\.$/.test(headline) &&
    problems.length === 0
  )
    problems.push(`headline: ${headline}`);
  for (const twice of doubleUploads(session.sim)) problems.push(`uploaded twice: ${twice}`);
  for (const action of session.sim.actions().filter((a) => !a.allowed))
    problems.push(`forbidden click: ${action.control} on ${action.tab} → ${action.subTab}`);
  const firstTransaction = uploads.findIndex((upload) => !CONTACT_LISTS.includes(upload.subTab));
  const lastContact = uploads.map((upload) => CONTACT_LISTS.includes(upload.subTab)).lastIndexOf(true);
  if (firstTransaction >= 0 && lastContact > firstTransaction)
    problems.push('a transaction was uploaded before a contact');
  const failures = uploads.flatMap((upload) =>
    upload.results.filter((result) => !result.ok).map((result) => ({ ...result, subTab: upload.subTab })),
  );
  // Everything not broken on purpose has left its list; what stays is what failed and stays listed.
  const pending = session.sim.pending();
  const stillPending = Object.entries(pending)
    .filter(([tab]) => !['Admin', 'Errors', 'Discrepancies'].includes(tab))
    .flatMap(([, lists]) =>
      Object.entries(lists).flatMap(([subTab, refs]) => refs.map((ref) => `${subTab}/${ref}`)),
    )
    .sort();
  const stayed = failures
    .filter((failure) => !MOVING_TO_ERRORS.includes(failure.subTab))
    .map((failure) => `${failure.subTab}/${failure.ref}`);
  const unexplained = stillPending.filter((item) => !stayed.includes(item));
  if (unexplained.length > 0) problems.push(`never synced: ${unexplained.join(', ')}`);
  if (failures.some((failure) => /not linked/i.test(failure.error ?? '')))
    problems.push('a transaction failed for want of its contact');
  // Each broken item is in the report, under a reference that names it, with Omni's reason.
  const reported = await reportedFailures(session).catch(() => []);
  for (const failure of failures) {
    const reason = (failure.error ?? '').replace(/^⚠\s*/, '');
    const found = reported.find(
      (item) => item.reference.includes(failure.ref) && item.reason.includes(reason),
    );
    if (!found) problems.push(`not reported with its reason: ${failure.subTab}/${failure.ref} (${reason})`);
  }
  return {
    seed,
    provider,
    navigation,
    seconds,
    headline,
    uploads: uploads.reduce((sum, upload) => sum + upload.refs.length, 0),
    problems,
  };
}
