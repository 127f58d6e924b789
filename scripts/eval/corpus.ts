import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The evaluation corpus layout (../shared/corpus/README.md): articles/<cat>/<n>.txt holds the
 * headline, a blank line, then one paragraph per line; summaries/<cat>/<n>.txt holds the
 * reference, one sentence per line.
 */

export interface EvalArticle {
  /** "<cat>/<n>.txt", the same under articles/ and summaries/. */
  path: string;
  category: string;
  title: string;
  paragraphs: string[];
  /** Reference summary sentences, one per entry. */
  reference: string[];
}

export class CorpusError extends Error {}

export function readCorpus(dir: string): EvalArticle[] {
  const articlesDir = join(dir, 'articles');
  const summariesDir = join(dir, 'summaries');
  if (!existsSync(articlesDir) || !statSync(articlesDir).isDirectory()) {
    throw new CorpusError(`${dir} has no articles/ folder (expected articles/<category>/<n>.txt)`);
  }
  if (!existsSync(summariesDir)) {
    throw new CorpusError(`${dir} has no summaries/ folder (expected summaries/<category>/<n>.txt)`);
  }
  const out: EvalArticle[] = [];
  for (const category of readdirSync(articlesDir).sort()) {
    const catDir = join(articlesDir, category);
    if (!statSync(catDir).isDirectory()) continue;
    for (const file of readdirSync(catDir).sort()) {
      if (!file.endsWith('.txt')) continue;
      const path = `${category}/${file}`;
      const summaryPath = join(summariesDir, category, file);
      if (!existsSync(summaryPath)) throw new CorpusError(`no reference summary for ${path}`);
      const { title, paragraphs } = parseArticle(readFileSync(join(catDir, file), 'utf8'));
      const reference = splitLines(readFileSync(summaryPath, 'utf8'));
      out.push({ path, category, title, paragraphs, reference });
    }
  }
  if (out.length === 0) throw new CorpusError(`${articlesDir} holds no <category>/<n>.txt articles`);
  return out;
}

function splitLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export function parseArticle(text: string): { title: string; paragraphs: string[] } {
  const lines = splitLines(text);
  return { title: lines[0] ?? '', paragraphs: lines.slice(1) };
}

/** Lists the corpora under a folder: itself if it has articles/, else its subfolders that do. */
export function findCorpora(dir: string): { name: string; dir: string }[] {
  if (existsSync(join(dir, 'articles'))) return [{ name: dir.split(/[\\/]/).filter(Boolean).pop() ?? dir, dir }];
  if (!existsSync(dir)) throw new CorpusError(`corpus folder ${dir} does not exist`);
  const found = readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, 'articles')))
    .map((name) => ({ name, dir: join(dir, name) }));
  if (found.length === 0) throw new CorpusError(`${dir} holds no corpus (a folder with articles/ and summaries/)`);
  return found;
}
