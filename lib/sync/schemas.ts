/**
 * What crosses into the background about runs, each shape once: a zod schema the background validates
 * it with, and its type inferred from it. run.ts and the content script import these as types only, so
 * zod stays out of the content script's bundle.
 */
import { z } from 'zod';

/**
 * `preview`: every sub-tab Smart Sync All would sync is opened and read (tab clicks only: nothing is
 * ticked or uploaded), to say how many items each list would send.
 */
export const runScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('preview') }),
  z.object({ type: z.literal('subTab'), tab: z.string().min(1), subTab: z.string().min(1) }),
]);
export type RunScope = z.infer<typeof runScopeSchema>;

export const stepStatusSchema = z.enum([
  'pending',
  'active',
  'synced',
  'partial',
  'failed',
  'nothing',
  'skipped',
  'read',
]);
export type StepStatus = z.infer<typeof stepStatusSchema>;

/**
 * Where a step resumes after a page load: never before an upload it has already pressed. `rewind` and
 * `sweep` page a paged list back to its start and then through it, to read what earlier uploads left.
 */
export const stepStageSchema = z.enum(['open', 'refreshing', 'uploading', 'rewind', 'sweep']);
export type StepStage = z.infer<typeof stepStageSchema>;

const ref = z.string().max(500);

/** An item of a step's report: a failure with its reason (and the documented fix), or a row read. */
export const itemOutcomeSchema = z.object({
  reference: ref,
  contact: z.string(),
  date: z.string(),
  amount: z.string(),
  reason: z.string(),
  fix: z.string().nullable(),
});
export type ItemOutcome = z.infer<typeof itemOutcomeSchema>;

/** What a list's row showed of an item, beside its reference. */
export const rowDetailsSchema = z.object({
  contact: z.string().max(500),
  date: z.string().max(100),
  amount: z.string().max(100),
});
export type RowDetails = z.infer<typeof rowDetailsSchema>;

/** A row as read from a list: its reference, and what it shows beside it. */
const rowSchema = rowDetailsSchema.extend({ reference: ref });

export const runEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('discovered'),
    tabs: z.array(z.string()),
    tab: z.string(),
    subTabs: z.array(z.string()),
  }),
  z.object({ type: z.literal('stepStarted'), stepId: z.string() }),
  z.object({ type: z.literal('stage'), stepId: z.string(), stage: stepStageSchema }),
  z.object({
    type: z.literal('submitting'),
    stepId: z.string(),
    refs: z.array(ref),
    page: z.number().int().nullable().optional(),
    /** The submitted rows as read before the upload (a synced row leaves the list: it cannot be read after). */
    items: z.array(rowSchema).optional(),
  }),
  /** Rows a report step read on one page of its list (appended; a page read twice counts once). */
  z.object({ type: z.literal('listed'), stepId: z.string(), items: z.array(itemOutcomeSchema) }),
  /** Rows a ledger check left out of the step, each with its reason; never ticked in this run. */
  z.object({ type: z.literal('heldBack'), stepId: z.string(), items: z.array(itemOutcomeSchema) }),
  z.object({
    type: z.literal('verified'),
    stepId: z.string(),
    synced: z.array(ref),
    failed: z.array(itemOutcomeSchema),
  }),
  z.object({
    type: z.literal('stepFinished'),
    stepId: z.string(),
    found: z.number().int().optional(),
    status: stepStatusSchema.optional(),
    listed: z.array(itemOutcomeSchema).optional(),
    failed: z.array(itemOutcomeSchema).optional(),
    message: z.string().nullable().optional(),
    /**
     * References announced as submitting whose upload was never pressed (the answer to the announcement
     * was lost, or said stop): not sent, so free to be sent again.
     */
    notSent: z.array(ref).optional(),
  }),
  z.object({ type: z.literal('blocked'), reason: z.string(), uploadFailed: z.boolean() }),
  z.object({ type: z.literal('unblocked') }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;

/** What one report carries: a few events noted since the last one, then the one that wants an answer. */
export const runEventsSchema = z.array(runEventSchema).min(1).max(100);

/** A step's fresh rows, for the ledger checks before they are ticked. */
export const screenRequestSchema = z.object({
  stepId: z.string(),
  rows: z.array(rowSchema).max(5000),
});
export type ScreenRequest = z.infer<typeof screenRequestSchema>;
