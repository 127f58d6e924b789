import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, cpSync, readFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, start, run } from './spawn.js';

/**
 * No Docker engine runs here, so this reproduces what the image runs: the compiled dist/, the
 * production dependencies only, and plain `node dist/main.js`, in a folder laid out like /app.
 */
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
let app: string;

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'newsbrief-image-'));
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(app, 'dist')], {
    cwd: root,
    stdio: 'pipe',
  });
  for (const item of ['package.json', 'package-lock.json', 'seeds', 'config']) cpSync(join(root, item), join(app, item), { recursive: true });
  // Equivalent to the image's `npm ci --omit=dev`, without the network: same lock file, dev tools removed.
  cpSync(join(root, 'node_modules'), join(app, 'node_modules'), { recursive: true });
  execFileSync('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: app, stdio: 'pipe' });
}, 180_000);

afterAll(() => {
  // A copy of the dependencies is big; do not leave it behind in /tmp. Deleting ~200 MB of small
  // files takes far longer than the default hook timeout on a busy machine.
  if (app) rmSync(app, { recursive: true, force: true });
}, 180_000);

/** The HEALTHCHECK command of the Dockerfile, as an argv. */
function healthcheckArgv(): string[] {
  const m = /HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])/.exec(dockerfile);
  if (!m) throw new Error('no HEALTHCHECK CMD in the Dockerfile');
  return JSON.parse(m[1]!) as string[];
}

describe('the production image, reproduced', () => {
  it('has no dev tooling among its dependencies', () => {
    const modules = readdirSync(join(app, 'node_modules'));
    for (const dev of ['tsx', 'vitest', 'typescript', 'js-rouge', 'ajv']) expect(modules).not.toContain(dev);
    expect(modules).toEqual(expect.arrayContaining(['better-sqlite3', 'pino', 'zod', 'chokidar']));
    expect(existsSync(join(app, 'dist', 'main.js'))).toBe(true);
  });

  it('runs node dist/main.js, answers /brief china on stdin, passes its own HEALTHCHECK and exits 0', async () => {
    const env = { NEWSBRIEF_DB: join(app, 'data', 'newsbrief.db'), NEWSBRIEF_SEEDS_DIR: join(app, 'seeds'), NEWSBRIEF_CONFIG: join(app, 'config', 'newsbrief.json'), HEALTH_PORT: '0', NODE_ENV: 'production' };
    const node = start(process.execPath, ['dist/main.js'], { cwd: app, env });
    try {
      const port = await node.until((r) => r.logs().find((l) => l.msg === 'health endpoint listening on /healthz')?.port as number | undefined);
      const [cmd, ...args] = healthcheckArgv();
      expect(cmd).toBe('node');
      const check = await run(process.execPath, args, { env: { HEALTH_PORT: String(port) } });
      expect(check.code).toBe(0);

      node.child.stdin.end('/brief china\n');
      const { code } = await node.exited;
      expect(code).toBe(0);
      expect(node.stdout()).toMatch(/Briefing: china[\s\S]*Blinken/);
      expect(node.stderr()).not.toMatch(/ERR_|Cannot find|failed to start/);
    } finally {
      if (node.child.exitCode === null) node.child.kill('SIGKILL');
    }
  }, 60_000);

  it('checks a configuration with node dist/cli/config-check.js', async () => {
    const ok = await run(process.execPath, ['dist/cli/config-check.js'], { cwd: app, env: { DISCORD_TOKEN: 'ImageCheckSecret.x.y' } });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ discord: { token: '****' } });
    const bad = await run(process.execPath, ['dist/cli/config-check.js'], { cwd: app, env: { LOG_LEVEL: 'verbose' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^config: LOG_LEVEL: /);
  });

  it('fails its HEALTHCHECK when nothing answers', async () => {
    const [, ...args] = healthcheckArgv();
    const check = await run(process.execPath, args, { env: { HEALTH_PORT: '1' } });
    expect(check.code).toBe(1);
  });
});

describe('the Dockerfile', () => {
  it('builds in one stage and runs in another from node:20-bookworm-slim, as a non-root user', () => {
    expect(dockerfile.match(/^FROM node:20-bookworm-slim AS \w+$/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/RUN npm ci\n/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/python3 make g\+\+/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^VOLUME \["\/app\/data"\]$/m);
    expect(dockerfile).toMatch(/NEWSBRIEF_DB=\/app\/data\/newsbrief\.db/);
    expect(dockerfile).toMatch(/HEALTH_PORT=8080/);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    expect(dockerfile).not.toMatch(/curl/);
  });

  it('keeps secrets, dependencies and build output out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.env', '.git']) expect(ignored).toContain(entry);
  });
});
