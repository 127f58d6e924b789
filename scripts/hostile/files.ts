/** The hostile documents of issue 13 §2, generated into a folder (nothing random: the same bytes every run). */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface HostileFile {
  name: string;
  bytes: number;
}

function nestedDivs(depth: number): string {
  const words = 'The council said the flood defences held overnight while rivers kept rising across the county. ';
  let body = '';
  for (let i = 0; i < depth; i++) body += i % 50 === 0 ? `<div class="c${i}"><p>${words}</p>` : `<div>`;
  body += `<p>${words.repeat(4)}</p>`;
  body += '</div>'.repeat(depth);
  return `<!doctype html><html><head><title>Deep page</title></head><body>${body}</body></html>`;
}

/** Ordinary English news text of about `bytes`, from the BBC corpus when present, else a fixed paragraph. */
function ordinaryText(bytes: number, corpus: string | undefined): string {
  const parts: string[] = [];
  let size = 0;
  const sources: string[] = [];
  if (corpus) {
    const dir = path.join(corpus, 'bbc', 'articles', 'business');
    try {
      for (const f of readdirSync(dir).sort().slice(0, 400)) sources.push(readFileSync(path.join(dir, f), 'utf8'));
    } catch {
      // no corpus: the fixed paragraph below
    }
  }
  if (sources.length === 0) {
    sources.push(
      'Shares in the carmaker rose sharply on Monday after it said profits would beat forecasts.\n' +
        'Analysts at two banks raised their targets, saying demand in China and the US had held up better than expected. ' +
        'The company will report its full-year results in March, when it is also expected to name a new chief executive.\n',
    );
  }
  parts.push('A very long report on markets\n');
  for (let i = 0; size < bytes; i++) {
    const s = sources[i % sources.length]!.split('\n').slice(1).join('\n');
    parts.push(s);
    size += s.length;
  }
  return parts.join('\n').slice(0, bytes);
}

/** Writes the hostile files into `dir` and returns their names and sizes. */
export function writeHostileFiles(dir: string, corpus: string | undefined): HostileFile[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['nested-1500.html', nestedDivs(1500)],
    ['nested-2000.html', nestedDivs(2000)],
    ['ab-210k.txt', `Ab.${'Ab.'.repeat(70_000)}`],
    ['ab-210k-spaced.txt', `Title of dots\n${'Ab. '.repeat(52_000)}`],
    ['ordinary-1mb.txt', ordinaryText(1_000_000, corpus)],
    ['ordinary-1.9mb.txt', ordinaryText(1_900_000, corpus)],
    ['one-line-1mb.txt', `One paragraph\n${ordinaryText(1_000_000, corpus).replace(/\n/g, ' ')}`],
  ];
  return files.map(([name, text]) => {
    writeFileSync(path.join(dir, name), text);
    return { name, bytes: Buffer.byteLength(text) };
  });
}
