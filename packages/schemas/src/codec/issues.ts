import type { z } from 'zod';
import type { Issue } from '../primitives.ts';

/** At most this many issues are kept: enough to fix a record, bounded for the DLQ. */
export const maxIssues = 100;

/** `event.location.ubigeo`, `items[0].unit`, `columns["Fecha evento"]`; `''` for the value itself. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let formatted = '';
  for (const segment of path) {
    if (typeof segment === 'number') formatted += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$-]*$/.test(segment)) {
      formatted += formatted === '' ? segment : `.${segment}`;
    } else formatted += `[${JSON.stringify(String(segment))}]`;
  }
  return formatted;
}

/** Zod issues as `{ path, message }`, the shape the DLQ and HTTP 4xx bodies use. */
export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.slice(0, maxIssues).map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
  }));
}

/** One line for logs and DLQ messages: the first issue and how many more there are. */
export function summarizeIssues(issues: readonly Issue[]): string {
  const first = issues[0];
  if (first === undefined) return 'value does not match its schema';
  const where = first.path === '' ? '(value)' : first.path;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${where}: ${first.message}${more}`;
}
