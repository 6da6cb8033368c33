/** zod schemas for what crosses into the background about runs: validated at the boundary. */
import { z } from 'zod';
import type { RunEvent, RunScope } from './run';

export const runScopeSchema: z.ZodType<RunScope> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('preview') }),
  z.object({ type: z.literal('subTab'), tab: z.string().min(1), subTab: z.string().min(1) }),
]);

const ref = z.string().max(500);
const itemOutcomeSchema = z.object({
  reference: ref,
  contact: z.string(),
  date: z.string(),
  amount: z.string(),
  reason: z.string(),
  fix: z.string().nullable(),
});
/** A row as read from a list: its reference, and what it shows beside it. */
const rowSchema = z.object({
  reference: ref,
  contact: z.string().max(500),
  date: z.string().max(100),
  amount: z.string().max(100),
});
const stage = z.enum(['open', 'refreshing', 'uploading', 'rewind', 'sweep']);
const stepStatus = z.enum(['pending', 'active', 'synced', 'partial', 'failed', 'nothing', 'skipped', 'read']);

export const runEventSchema: z.ZodType<RunEvent> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('discovered'),
    tabs: z.array(z.string()),
    tab: z.string(),
    subTabs: z.array(z.string()),
  }),
  z.object({ type: z.literal('stepStarted'), stepId: z.string() }),
  z.object({ type: z.literal('stage'), stepId: z.string(), stage }),
  z.object({
    type: z.literal('submitting'),
    stepId: z.string(),
    refs: z.array(ref),
    page: z.number().int().nullable().optional(),
    items: z.array(rowSchema).optional(),
  }),
  z.object({ type: z.literal('listed'), stepId: z.string(), items: z.array(itemOutcomeSchema) }),
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
    status: stepStatus.optional(),
    listed: z.array(itemOutcomeSchema).optional(),
    failed: z.array(itemOutcomeSchema).optional(),
    message: z.string().nullable().optional(),
    notSent: z.array(ref).optional(),
  }),
  z.object({ type: z.literal('blocked'), reason: z.string(), uploadFailed: z.boolean() }),
  z.object({ type: z.literal('unblocked') }),
]);

/** What one report carries: a few events noted since the last one, then the one that wants an answer. */
export const runEventsSchema = z.array(runEventSchema).min(1).max(100);

/** A step's fresh rows, for the ledger checks before they are ticked. */
export const screenRequestSchema = z.object({
  stepId: z.string(),
  rows: z.array(rowSchema).max(5000),
});
export type ScreenRequest = z.infer<typeof screenRequestSchema>;
