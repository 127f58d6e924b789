import type { Logger } from '../log.js';
import type { Adapter } from './adapter.js';
import type { Dispatch, Reply } from './reply.js';

/**
 * The last line of defence: no message leaves for a platform with a configured secret in it.
 * The loader refuses files that lead out of the seeds folder, so a token should never reach a
 * document; should one anyway (a token pasted into a story, a feed quoting a .env), every reply
 * and post is checked before an adapter renders it, and the secret is replaced and logged.
 */

export interface NamedSecret {
  /** The variable it came from (SLACK_BOT_TOKEN), the only thing ever logged about it. */
  name: string;
  value: string;
}

export const REDACTED = '[redacted]';

/**
 * Values this short are not looked for: they would match ordinary words. Real tokens and
 * signing secrets are 32 characters or more; config refuses nothing shorter anyway.
 */
const MIN_SECRET_LENGTH = 8;

export interface SecretGuard {
  /** The reply itself when it holds no secret (the usual case), else a copy with each one replaced. */
  reply(reply: Reply, context: string): Reply;
  /** The same for one string. */
  text(value: string, context: string): string;
}

export function createSecretGuard(secrets: readonly NamedSecret[], logger: Logger): SecretGuard {
  const watched = secrets.filter((s) => s.value.length >= MIN_SECRET_LENGTH);
  const found = (value: string): NamedSecret[] => watched.filter((s) => value.includes(s.value));
  const replace = (value: string): string => watched.reduce((v, s) => v.split(s.value).join(REDACTED), value);
  const report = (names: Set<string>, context: string): void => {
    logger.warn({ secrets: [...names], context }, `an outgoing ${context} held ${[...names].join(', ')}; replaced with ${REDACTED} before sending`);
  };
  return {
    reply(reply, context) {
      if (watched.length === 0) return reply;
      const names = new Set<string>();
      collect(reply, (s) => {
        for (const hit of found(s)) names.add(hit.name);
      });
      if (names.size === 0) return reply;
      report(names, context);
      return rebuild(reply, replace) as Reply;
    },
    text(value, context) {
      const hits = found(value);
      if (hits.length === 0) return value;
      report(new Set(hits.map((h) => h.name)), context);
      return replace(value);
    },
  };
}

/** Every string in a reply (documents, summaries, stories, digests), each object visited once. */
function collect(value: unknown, visit: (s: string) => void, seen = new Set<object>()): void {
  if (typeof value === 'string') {
    visit(value);
    return;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Map || value instanceof Set) {
    for (const v of value.values()) collect(v, visit, seen);
    return;
  }
  for (const v of Object.values(value)) collect(v, visit, seen);
}

/** A deep copy with every string passed through `map`; shared objects stay shared. */
function rebuild(value: unknown, map: (s: string) => string, done = new Map<object, unknown>()): unknown {
  if (typeof value === 'string') return map(value);
  if (value === null || typeof value !== 'object' || value instanceof Date || ArrayBuffer.isView(value)) return value;
  const prior = done.get(value);
  if (prior !== undefined) return prior;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    done.set(value, out);
    for (const v of value) out.push(rebuild(v, map, done));
    return out;
  }
  if (value instanceof Map || value instanceof Set) return value;
  const out: Record<string, unknown> = {};
  done.set(value, out);
  for (const [k, v] of Object.entries(value)) out[k] = rebuild(v, map, done);
  return out;
}

/** The adapter with every command reply and every post checked on its way out. */
export function guardAdapter<A extends Adapter>(adapter: A, guard: SecretGuard): A {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === 'start') {
        return (dispatch: Dispatch) =>
          target.start(async (req) => guard.reply(await dispatch(req), `reply to /${req.name} on ${target.platform}`));
      }
      if (prop === 'post') {
        // Resolved now, not at call time: code that wraps `adapter.post` (assigning a function that
        // calls the one it read) then wraps this one instead of calling itself forever.
        const post = target.post.bind(target);
        return (...[channel, reply, opts]: Parameters<Adapter['post']>) => post(channel, guard.reply(reply, `post to ${channel}`), opts);
      }
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
