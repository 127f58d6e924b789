import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, AdapterState } from '../adapter.js';
import type { ChannelRef, CommandRequest, Dispatch, PostResult, Reply } from '../reply.js';
import { ansiStyle, plainStyle, renderReply } from './render.js';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** Colour and a prompt: only when talking to a person at a terminal. */
  interactive: boolean;
  /** Called when input ends (end of a piped script, or Ctrl-D). */
  onEnd?: () => void;
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
        // Commands run one after another, so answers come out in the order they were asked.
        queue = queue.then(async () => {
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
            write(renderReply(await dispatch(req), style));
            if (!opts.interactive) write('');
          }
          if (opts.interactive) rl?.prompt();
        });
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
