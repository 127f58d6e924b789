import type { z } from 'zod';

/** What a zod error says, in one line for a warning: "title: expected string; text is missing". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.join('.');
      if (i.code === 'invalid_type' && i.input === undefined) return `${where} is missing`;
      return where ? `${where}: ${i.message}` : i.message;
    })
    .join('; ');
}
