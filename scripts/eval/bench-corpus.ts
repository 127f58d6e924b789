import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The BBC articles scaled up for the bench: `scale` copies written under `outDir`, each copy's
 * headline marked with its number (so every document has its own id; identical texts would be
 * merged by the loader) and its file time spread over the past year (the loader dates .txt
 * files by modification time, and recency ranking needs dates that differ).
 */

export function listArticles(articlesDir: string): string[] {
  const out: string[] = [];
  for (const cat of readdirSync(articlesDir).sort()) {
    const catDir = path.join(articlesDir, cat);
    if (!statSync(catDir).isDirectory()) continue;
    for (const f of readdirSync(catDir).sort()) if (f.endsWith('.txt')) out.push(`${cat}/${f}`);
  }
  return out;
}

/** Writes the copies and returns how many files were written. Deterministic for a given input. */
export function writeScaledCorpus(articlesDir: string, outDir: string, scale: number, now: Date): number {
  const files = listArticles(articlesDir);
  const texts = files.map((f) => readFileSync(path.join(articlesDir, f), 'utf8'));
  const dayMs = 24 * 3600 * 1000;
  let written = 0;
  for (let copy = 0; copy < scale; copy++) {
    files.forEach((rel, i) => {
      const text = texts[i]!;
      const nl = text.indexOf('\n');
      const title = nl < 0 ? text : text.slice(0, nl);
      const body = nl < 0 ? '' : text.slice(nl);
      const out = path.join(outDir, `copy${String(copy).padStart(2, '0')}`, rel);
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, copy === 0 ? text : `${title} (${copy + 1})${body}`);
      // A spread of dates over a year, different for each copy of the same article.
      const daysAgo = ((i * 7919 + copy * 104729) % 36500) / 100;
      const when = new Date(now.getTime() - daysAgo * dayMs);
      utimesSync(out, when, when);
      written++;
    });
  }
  return written;
}
