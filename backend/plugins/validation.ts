import type { z } from 'zod';
import { ProxyError } from '../errors';

/** Validates input against the wire contract; failures become 400 naming the offending field. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  part: 'body' | 'query' | 'params',
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : part;
    return `${field}: ${issue.message}`;
  });
  throw new ProxyError(400, 'bad_request', `Invalid request ${part}. ${problems.join('; ')}`);
}

/** Checks our own answer against the contract before it leaves, so the extension can trust its types. */
export function checkedResponse<Schema extends z.ZodType>(
  schema: Schema,
  value: z.infer<Schema>,
): z.infer<Schema> {
  return schema.parse(value);
}
