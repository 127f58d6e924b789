import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, AdapterState } from '../adapter.js';
import type { ChannelRef } from '../../channels.js';
import type { CommandRequest, Dispatch, PostResult, Reply } from '../reply.js';
import { APOLOGY_REPLY } from '../present.js';
import type { Logger } from '../../log.js';
import { ansiStyle, plainStyle, renderReply } from './render.js';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** Colour and a prompt: only when talking to a person at a terminal. */
  interactive: boolean;
  /** Called when input ends (end of a piped script, or Ctrl-D). */
  onEnd?: () => void;
  /** Where a failure while answering is logged (the user sees the apology). */
  logger?: Logger;
}

const CHANNEL: ChannelRef = 'console:stdin';
const EXIT_WORDS = new Set(['/quit', '/exit', 'quit', 'exit']);

/** Turn a typed line into a command: "/brief china" (the slash is optional). */
export function parseLine(line: string): { name: string; text: string } | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const m = /^\/?(\S+)\s*([\s\S]*)$/.exec(trimmed)!;
  return { name: m[1]!.toLowerCase(), text: m[2]!.trim() };
}

export function createConsoleAdapter(opts: ConsoleOptions): Adapter {
  const style = opts.interactive ? ansiStyle : plainStyle;
  let state: AdapterState = 'down';
  let rl: ReturnType<typeof createInterface> | undefined;
  let queue: Promise<void> = Promise.resolve();

  const write = (text: string) => {
    opts.output.write(`${text}\n`);
  };

  async function answerLine(line: string, dispatch: Dispatch): Promise<void> {
    if (EXIT_WORDS.has(line.trim().toLowerCase())) {
      rl?.close();
      return;
    }
    const parsed = parseLine(line);
    if (parsed) {
      const req: CommandRequest = {
        name: parsed.name,
        text: parsed.text,
        options: {},
        user: { id: 'console', isAdmin: async () => true },
        channel: CHANNEL,
      };
      let shown: string;
      try {
        shown = renderReply(await dispatch(req), style);
      } catch (err) {
        opts.logger?.error({ err, command: req.name }, 'console: command failed');
        shown = renderReply(APOLOGY_REPLY, style);
      }
      write(shown);
      if (!opts.interactive) write('');
    }
    if (opts.interactive) rl?.prompt();
  }

  return {
    platform: 'console',
    async start(dispatch: Dispatch) {
      rl = createInterface({ input: opts.input, output: opts.interactive ? opts.output : undefined, terminal: opts.interactive });
      state = 'up';
      if (opts.interactive) {
        write('newsbrief console — type /help, /brief <topic>, or /quit');
        rl.setPrompt('newsbrief> ');
        rl.prompt();
      }
      rl.on('line', (line) => {
        // Commands run one after another, so answers come out in the order they were asked. A
        // step never rejects (answerLine catches everything), and the chain catches again, so
        // one failure can neither drop the commands after it nor keep the process from ending.
        queue = queue
          .then(() => answerLine(line, dispatch))
          .catch((err: unknown) => opts.logger?.error({ err }, 'console: answering a line failed'));
      });
      rl.on('close', () => {
        void queue.then(() => {
          state = 'down';
          opts.onEnd?.();
        });
      });
    },
    async post(_channel: ChannelRef, reply: Reply): Promise<PostResult> {
      write(renderReply(reply, style));
      return { ok: true, messageIds: [`console-${Date.now()}`] };
    },
    state: () => state,
    async stop() {
      rl?.close();
      await queue;
      state = 'down';
    },
  };
}
