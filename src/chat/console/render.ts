import type { Reply } from '../reply.js';
import type { Story } from '../../news/types.js';
import { citationParts, stripControl } from '../present.js';

export interface ConsoleStyle {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
}

export const plainStyle: ConsoleStyle = { bold: (s) => s, dim: (s) => s, red: (s) => s };
export const ansiStyle: ConsoleStyle = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  red: (s) => `\x1b[31m${s}\x1b[39m`,
};

/** The citation line: where every sentence above it came from. */
export function citation(story: Story): string {
  const c = citationParts(story);
  return [c.source, c.date, c.url ?? c.file, c.similar].filter(Boolean).join(' · ');
}

function renderStories(stories: Story[], style: ConsoleStyle, indent = ''): string[] {
  const out: string[] = [];
  stories.forEach((story, i) => {
    out.push(`${indent}${i + 1}. ${style.bold(stripControl(story.summary.headline))}`);
    for (const sentence of story.sentences) out.push(`${indent}   ${stripControl(sentence)}`);
    out.push(`${indent}   ${style.dim(`— ${stripControl(citation(story))}`)}`);
  });
  return out;
}

/** Control characters from documents are stripped (present.ts), so they cannot drive the terminal. */
export function renderReply(reply: Reply, style: ConsoleStyle = plainStyle): string {
  switch (reply.kind) {
    case 'briefing': {
      const b = reply.briefing;
      const head = b.topic ? `Briefing: ${b.topic}` : 'Top stories';
      const count = `${b.stories.length} ${b.stories.length === 1 ? 'story' : 'stories'}`;
      const lines = [style.bold(`${stripControl(head)} (${count})`), '', ...renderStories(b.stories, style)];
      if (b.suggestions.length > 0) lines.push('', style.dim(`Related: ${stripControl(b.suggestions.join(', '))}`));
      return lines.join('\n');
    }
    case 'digest': {
      const d = reply.digest;
      const lines = [style.bold(stripControl(d.title))];
      for (const group of d.groups) {
        lines.push('', style.bold(`## ${stripControl(group.topic)}`), ...renderStories(group.stories, style));
      }
      return lines.join('\n');
    }
    case 'text':
      return stripControl(reply.text);
    case 'error':
      return style.red(stripControl(reply.text));
  }
}
