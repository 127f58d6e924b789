/**
 * What Slack would reject or regret in a message body: Block Kit limits, and anything that could
 * ping someone or spoof a link. Returns the problems found (empty: the message is fine).
 */

export interface ValidateOptions {
  /** Total characters of block text allowed (Slack's hard limit is about 12,000). */
  maxBlockChars?: number;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every "<…>" sequence must be an http(s) link with a label free of "|"; nothing else is allowed. */
export function pingProblems(text: string, where: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/<([^>]*)>?/g)) {
    const inner = m[1] ?? '';
    if (!/^https?:\/\/[^\s|<>]+\|[^|<>]*$/.test(inner) || !m[0].endsWith('>')) {
      problems.push(`${where}: control sequence "${m[0].slice(0, 40)}"`);
    }
  }
  if (/(^|[^\w\u2060])@(channel|here|everyone)\b/i.test(text)) problems.push(`${where}: bare broadcast mention`);
  return problems;
}

function textObject(v: unknown, where: string, max: number, kinds: string[]): { problems: string[]; length: number } {
  if (!isObj(v)) return { problems: [`${where}: missing text object`], length: 0 };
  const problems: string[] = [];
  if (typeof v['type'] !== 'string' || !kinds.includes(v['type'])) problems.push(`${where}: type ${String(v['type'])} not in ${kinds.join('|')}`);
  const text = v['text'];
  if (typeof text !== 'string' || text.length === 0) return { problems: [...problems, `${where}: empty text`], length: 0 };
  if (text.length > max) problems.push(`${where}: ${text.length} chars > ${max}`);
  if (v['type'] === 'mrkdwn' && v['verbatim'] !== true) problems.push(`${where}: mrkdwn without verbatim (Slack would auto-parse mentions)`);
  problems.push(...pingProblems(text, where));
  return { problems, length: text.length };
}

export function validateSlackMessage(body: unknown, opts: ValidateOptions = {}): string[] {
  const maxChars = opts.maxBlockChars ?? 12_000;
  if (!isObj(body)) return ['body is not an object'];
  const problems: string[] = [];
  const text = body['text'];
  if (typeof text !== 'string' || text.trim() === '') problems.push('no fallback text');
  else {
    if (text.length > 40_000) problems.push(`fallback text ${text.length} chars > 40000`);
    problems.push(...pingProblems(text, 'text'));
  }
  const blocks = body['blocks'];
  if (blocks === undefined) return problems;
  if (!Array.isArray(blocks)) return [...problems, 'blocks is not an array'];
  if (blocks.length === 0) problems.push('blocks is empty');
  if (blocks.length > 50) problems.push(`${blocks.length} blocks > 50`);
  let total = 0;
  blocks.forEach((block: unknown, i) => {
    const where = `blocks[${i}]`;
    if (!isObj(block)) {
      problems.push(`${where}: not an object`);
      return;
    }
    switch (block['type']) {
      case 'header': {
        const r = textObject(block['text'], `${where}.header`, 150, ['plain_text']);
        problems.push(...r.problems);
        total += r.length;
        break;
      }
      case 'section': {
        const r = textObject(block['text'], `${where}.section`, 3000, ['mrkdwn', 'plain_text']);
        problems.push(...r.problems);
        total += r.length;
        break;
      }
      case 'context': {
        const elements = block['elements'];
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) {
          problems.push(`${where}.context: 1-10 elements required`);
          break;
        }
        elements.forEach((e: unknown, j) => {
          const r = textObject(e, `${where}.context[${j}]`, 3000, ['mrkdwn', 'plain_text']);
          problems.push(...r.problems);
          total += r.length;
        });
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${where}: unexpected block type ${String(block['type'])}`);
    }
  });
  if (total > maxChars) problems.push(`block text ${total} chars > ${maxChars}`);
  return problems;
}
