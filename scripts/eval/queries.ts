import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A retrieval query with what makes a returned document relevant to it (see judge.ts). */
export const querySchema = z.strictObject({
  query: z.string().min(1),
  kind: z.enum(['person', 'place', 'organization', 'event', 'phrase', 'category']),
  /** Names that count as naming the query's subject (whole words, any case). Default: the query. */
  match: z.array(z.string().min(1)).optional(),
  /** For category queries: the corpus category (folder name) whose documents are relevant. */
  category: z.string().min(1).optional(),
});

export type EvalQuery = z.infer<typeof querySchema>;

export function readQueries(file: string): EvalQuery[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read queries ${file}: ${(err as Error).message}`);
  }
  const parsed = z.array(querySchema).safeParse(raw);
  if (!parsed.success) throw new Error(`queries ${file} are malformed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
