import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

// Both are CommonJS with a `default` property; under NodeNext the default import is the whole module.
const Ajv2020 = Ajv2020Module.default;
type Ajv2020 = InstanceType<typeof Ajv2020>;
const addFormats = addFormatsModule.default;

/**
 * Checks request bodies against Discord's own OpenAPI spec (../shared/specs/discord-openapi.json),
 * plus the limits the spec cannot express. One instance compiles each route's schema once.
 */

const here = dirname(fileURLToPath(import.meta.url));
export const SPEC_PATH = resolve(here, '../../../../shared/specs/discord-openapi.json');

const SPEC_ID = 'discord-openapi';

interface RouteTemplate {
  template: string;
  pattern: RegExp;
  params: number;
}

function pointerSegment(s: string): string {
  return encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function embedTotal(embed: unknown): number {
  if (typeof embed !== 'object' || embed === null) return 0;
  const e = embed as Record<string, unknown>;
  const len = (v: unknown) => (typeof v === 'string' ? v.length : 0);
  const sub = (v: unknown, key: string) => (typeof v === 'object' && v !== null ? len((v as Record<string, unknown>)[key]) : 0);
  let n = len(e.title) + len(e.description) + sub(e.footer, 'text') + sub(e.author, 'name');
  if (Array.isArray(e.fields)) for (const f of e.fields) n += sub(f, 'name') + sub(f, 'value');
  return n;
}

/** Limits Discord enforces that the spec leaves out (or states more loosely). */
export function extraLimitErrors(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const b = body as Record<string, unknown>;
  const data = typeof b.data === 'object' && b.data !== null ? (b.data as Record<string, unknown>) : b;
  const errors: string[] = [];
  if (typeof data.content === 'string' && data.content.length > 2000) errors.push(`content is ${data.content.length} characters (limit 2000)`);
  if (Array.isArray(data.embeds)) {
    const total = data.embeds.reduce((n: number, e: unknown) => n + embedTotal(e), 0);
    if (total > 6000) errors.push(`embeds total ${total} characters (limit 6000)`);
  }
  return errors;
}

export class DiscordSpec {
  private readonly ajv: Ajv2020;
  private readonly routes = new Map<string, RouteTemplate[]>();
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(specPath = SPEC_PATH) {
    const spec = JSON.parse(readFileSync(specPath, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    this.ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    addFormats(this.ajv);
    this.ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
    this.ajv.addFormat('nonce', true);
    this.ajv.addSchema({ ...spec, $id: SPEC_ID });
    for (const [template, ops] of Object.entries(spec.paths)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      const params = (template.match(/\{/g) ?? []).length;
      for (const method of Object.keys(ops)) {
        const list = this.routes.get(method) ?? [];
        list.push({ template, pattern, params });
        this.routes.set(method, list);
      }
    }
    // Literal segments win over parameters: /messages/@original before /messages/{message_id}.
    for (const list of this.routes.values()) list.sort((a, b) => a.params - b.params);
  }

  /** The spec's route template for a request path (without /api/v10), or undefined. */
  route(method: string, path: string): string | undefined {
    return this.routes.get(method.toLowerCase())?.find((r) => r.pattern.test(path))?.template;
  }

  private validator(method: string, template: string): ValidateFunction | null {
    const key = `${method} ${template}`;
    if (!this.compiled.has(key)) {
      const ref = `${SPEC_ID}#/paths/${pointerSegment(template)}/${method}/requestBody/content/${pointerSegment('application/json')}/schema`;
      let fn: ValidateFunction | null = null;
      try {
        fn = this.ajv.compile({ $ref: ref });
      } catch {
        fn = null;
      }
      this.compiled.set(key, fn);
    }
    return this.compiled.get(key) ?? null;
  }

  /** Problems with a JSON body sent to METHOD path; empty when the spec (and the extra limits) accept it. */
  validate(method: string, path: string, body: unknown): string[] {
    const m = method.toLowerCase();
    const template = this.route(m, path);
    if (!template) return [`no route ${method.toUpperCase()} ${path} in the Discord spec`];
    const fn = this.validator(m, template);
    if (!fn) return [`the spec has no JSON request body for ${method.toUpperCase()} ${template}`];
    const errors: string[] = [];
    if (!fn(body)) {
      for (const e of fn.errors ?? []) errors.push(`${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`);
    }
    return [...errors, ...extraLimitErrors(body)];
  }
}

let shared: DiscordSpec | undefined;
/** One compiled spec per test process: compiling is the slow part. */
export function discordSpec(): DiscordSpec {
  shared ??= new DiscordSpec();
  return shared;
}
