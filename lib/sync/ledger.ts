/**
 * The ledger checks of a run, made by the background through the companion proxy: before contacts are
 * uploaded, the names the ledger already has (uploading them would make duplicates, SPEC §2); before
 * transactions, the lock date (items on or before it would fail); after the run, whether each synced
 * reference is in the ledger once. A check never clicks, never holds a step up for longer than its
 * timeout, and when it cannot be made the run goes on and says which check was off, and why.
 */
import { normaliseLabel, PROVIDER_NAMES } from '../omni/labels';
import type { DocumentKind, Provider, VerifyStatus } from '../proxy-api';
import { checkContacts, fetchLockDate, VERIFY_CHUNK, verifyReferences } from '../proxy-client';
import type { Settings } from '../snapshots';
import { loadSettings } from '../status';
import { activeRunItem, ledgerChoiceItem, omniConnectionItem, proxyStateItem } from '../storage';
import { updateRun } from './controller';
import { lockedBy, readPeriods } from './dates';
import { isActiveRun, type LedgerCheck, outcome, type RunState } from './run';
import type { ItemOutcome, ScreenRequest } from './schemas';

/** The ledger document each syncing sub-tab makes, where it is known; others are not verified. */
const DOCUMENT_KINDS: Record<string, DocumentKind> = {
  invoices: 'sales-invoice',
  'credit notes': 'credit-note',
  payments: 'payment',
  'supplier invoices': 'bill',
  'supplier credit notes': 'supplier-credit',
  adjustments: 'manual-journal',
};

export function documentKind(subTab: string): DocumentKind | null {
  return DOCUMENT_KINDS[normaliseLabel(subTab).key] ?? null;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function noteOff(run: RunState, check: LedgerCheck, reason: string) {
  return updateRun(run.id, (current) => ({
    ...current,
    ledger: { ...current.ledger, off: { ...current.ledger?.off, [check]: reason } },
  }));
}

const sameName = (a: string, b: string) =>
  a.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase() ===
  b.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The ledger organisation the run's checks read: the one named like the organisation Omni's Connect
 * page says Omni posts to; else the only one connected; else the one the user picked in Options. A
 * reason instead when none fits: checking another organisation than Omni's would mislead.
 */
export async function chooseConnection(
  provider: Provider,
): Promise<{ id: string; organisationName: string } | { off: string }> {
  const [proxy, omni, choice] = await Promise.all([
    proxyStateItem.getValue(),
    omniConnectionItem.getValue(),
    ledgerChoiceItem.getValue(),
  ]);
  const ledgerName = PROVIDER_NAMES[provider];
  if (proxy.state !== 'ok') return { off: 'the proxy did not answer at its last check.' };
  const candidates = proxy.connections.filter((connection) => connection.provider === provider);
  if (candidates.length === 0)
    return {
      off: `no ${ledgerName} organisation is connected to the proxy (Options → Connect ${ledgerName}).`,
    };
  const omniOrganisation = omni?.connected && omni.provider === provider ? omni.organisation : null;
  const chosen = omniOrganisation
    ? candidates.find((connection) => sameName(connection.organisationName, omniOrganisation))
    : candidates.length === 1
      ? candidates[0]
      : candidates.find((connection) => connection.id === choice[provider]);
  if (!chosen) {
    return {
      off: omniOrganisation
        ? `Omni posts to “${omniOrganisation}”, which is not connected to the proxy (Options → Connect ${ledgerName}).`
        : `several ${ledgerName} organisations are connected to the proxy: pick the one for runs in Options.`,
    };
  }
  if (chosen.state === 'needs_reconnect')
    return { off: `${chosen.organisationName} needs reconnecting (Options → Reconnect).` };
  return { id: chosen.id, organisationName: chosen.organisationName };
}

/** The proxy's settings and the run's organisation, or null (and the check noted off) without them. */
async function pairedSettings(
  run: RunState,
  check: LedgerCheck,
): Promise<(Settings & { connectionId: string }) | null> {
  const settings = await loadSettings();
  if (!settings.proxyUrl || !settings.pairingKey) {
    await noteOff(run, check, 'no proxy is paired in Options.');
    return null;
  }
  if (run.ledger?.connection) return { ...settings, connectionId: run.ledger.connection.id };
  if (!run.provider) return null;
  const connection = await chooseConnection(run.provider);
  if ('off' in connection) {
    await noteOff(run, check, connection.off);
    return null;
  }
  await updateRun(run.id, (current) => ({ ...current, ledger: { ...current.ledger, connection } }));
  return { ...settings, connectionId: connection.id };
}

/** The run's lock date: asked once per run, and not again when asking failed. */
async function lockDateOf(run: RunState, provider: Provider): Promise<string | null> {
  if (run.ledger?.lockDate !== undefined) return run.ledger.lockDate;
  if (run.ledger?.off?.lockDate) return null;
  const settings = await pairedSettings(run, 'lockDate');
  if (!settings) return null;
  try {
    const answer = await fetchLockDate(settings, provider, settings.connectionId);
    // The later of the two: an item on or before either would be refused for most users.
    const dates = [answer.lockDate, answer.endOfYearLockDate].filter((date): date is string => Boolean(date));
    const lockDate = dates.sort().at(-1) ?? null;
    await updateRun(run.id, (current) => ({ ...current, ledger: { ...current.ledger, lockDate } }));
    return lockDate;
  } catch (error) {
    await noteOff(run, 'lockDate', message(error));
    return null;
  }
}

/**
 * The rows of a step to leave out, each with its reason: contacts the ledger already has (unless the
 * user chose to upload them anyway), and items dated on or before the lock date.
 */
export async function screenRows(tabId: number, request: ScreenRequest): Promise<ItemOutcome[]> {
  const run = await activeRunItem.getValue();
  if (!run || run.tabId !== tabId || !isActiveRun(run) || !run.provider) return [];
  const step = run.steps.find((candidate) => candidate.id === request.stepId);
  if (!step || step.phase === 'report' || request.rows.length === 0) return [];
  const ledgerName = PROVIDER_NAMES[run.provider];
  if (step.kind === 'contacts') {
    if (run.ledger?.uploadExisting) return [];
    const settings = await pairedSettings(run, 'contacts');
    if (!settings) return [];
    const names = request.rows.map((row) => (row.contact || row.reference).trim().slice(0, 255));
    try {
      const answer = await checkContacts(settings, {
        provider: run.provider,
        connectionId: settings.connectionId,
        names: [...new Set(names.filter(Boolean))],
      });
      const existing = new Map(
        answer.results.filter((result) => result.matches.length > 0).map((r) => [r.name, r.matches]),
      );
      return request.rows.flatMap((row, index) => {
        const matches = existing.get(names[index] ?? '');
        if (!matches?.length) return [];
        const found = matches.map((match) => `“${match.name}”`).join(', ');
        return [
          outcome(
            row,
            `Exists in ${ledgerName} as ${found}: not uploaded, so no duplicate is made. Link it in Omni’s Search column.`,
          ),
        ];
      });
    } catch (error) {
      await noteOff(run, 'contacts', message(error));
      return [];
    }
  }
  const lockDate = await lockDateOf(run, run.provider);
  if (!lockDate) return [];
  const periods = readPeriods(request.rows.map((row) => row.date));
  return request.rows.flatMap((row, index) =>
    lockedBy(periods[index] ?? null, lockDate)
      ? [outcome(row, `In a locked period (lock date ${lockDate}): not sent; ${ledgerName} would refuse it.`)]
      : [],
  );
}

/**
 * After the run: every reference Omni reported synced, looked up in the ledger (found once, missing,
 * found more than once), in as few requests as the proxy allows. Kept on the run and in its history.
 */
export async function verifyRun(run: RunState, now = Date.now()): Promise<RunState | null> {
  if (!run.provider || run.ledger?.verifiedAt !== undefined) return run;
  const provider = run.provider;
  const byKind = new Map<DocumentKind, Set<string>>();
  for (const step of run.steps) {
    const kind = step.phase === 'report' ? null : documentKind(step.subTab);
    if (!kind || step.synced.length === 0) continue;
    const refs = byKind.get(kind) ?? new Set<string>();
    for (const ref of step.synced) refs.add(ref);
    byKind.set(kind, refs);
  }
  if (byKind.size === 0) return run;
  const settings = await pairedSettings(run, 'verify');
  if (!settings) return null;
  const found = new Map<DocumentKind, Map<string, VerifyStatus>>();
  try {
    for (const [kind, refs] of byKind) {
      const all = [...refs].filter((ref) => ref.length <= 255);
      const statuses = new Map<string, VerifyStatus>();
      for (let start = 0; start < all.length; start += VERIFY_CHUNK) {
        const references = all.slice(start, start + VERIFY_CHUNK);
        const answer = await verifyReferences(settings, {
          provider,
          connectionId: settings.connectionId,
          kind,
          references,
        });
        for (const result of answer.results) statuses.set(result.reference, result.status);
      }
      found.set(kind, statuses);
    }
  } catch (error) {
    await noteOff(run, 'verify', message(error));
    return null;
  }
  return updateRun(run.id, (current) => ({
    ...current,
    ledger: { ...current.ledger, verifiedAt: now },
    steps: current.steps.map((step) => {
      const statuses = found.get(documentKind(step.subTab) as DocumentKind);
      if (!statuses || step.phase === 'report' || step.synced.length === 0) return step;
      const ledger = Object.fromEntries(
        step.synced.flatMap((ref) => {
          const status = statuses.get(ref);
          return status ? [[ref, status] as const] : [];
        }),
      );
      return { ...step, ledger };
    }),
  }));
}

/**
 * The user's choice for this run: upload the contacts the ledger already has, too. The contacts steps
 * that held some back go again (before whatever comes next), sending only those.
 */
export function uploadExistingContacts(now = Date.now()) {
  return activeRunItem.getValue().then((run) => {
    if (!run || !isActiveRun(run)) return null;
    return updateRun(run.id, (current) => ({
      ...current,
      ledger: { ...current.ledger, uploadExisting: true },
      steps: current.steps.map((step) => {
        if (step.kind !== 'contacts' || !step.held?.length || step.status === 'active') return step;
        const held = new Set(step.held);
        return {
          ...step,
          status: 'pending',
          stage: 'open',
          held: [],
          failed: step.failed.filter((item) => !held.has(item.reference)),
          message: null,
          endedAt: null,
          startedAt: step.startedAt ?? now,
        };
      }),
    }));
  });
}
