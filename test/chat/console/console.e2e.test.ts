import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** Runs a command as a user would, with the bundled seeds and a throwaway database. */
function run(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-e2e-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NEWSBRIEF_DB: join(dir, 'nb.db'), LOG_LEVEL: 'info' };
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, args, { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the console, spawned as a user runs it', () => {
  it('answers piped /brief china, /brief gaza, /brief cricket, /topics and /help, then exits 0', async () => {
    const { code, stdout } = await run(['src/main.ts'], '/brief china\n/brief gaza\n/brief cricket\n/topics\n/help\n');
    expect(code).toBe(0);
    const [china = '', gaza = '', cricket = ''] = stdout.split(/\n(?=Briefing: |I have no news)/);
    expect(china).toMatch(/Briefing: china/);
    expect(china).toMatch(/Blinken/);
    expect(china).toMatch(/influence/);
    expect(china).toContain('000_62e325f6b036aa85.txt');
    expect(gaza).toMatch(/Gaza/);
    expect(gaza).not.toMatch(/influence and arguably interfere/);
    expect(cricket).toMatch(/no news on “cricket”/);
    expect(stdout).toMatch(/Topics I can brief on now/);
    expect(stdout).toMatch(/\/digest subscribe/);
  }, 60_000);

  it('gives a usage message for overlong, emoji-only and control-character topics', async () => {
    const long = 'x'.repeat(201);
    const { code, stdout } = await run(['src/main.ts'], `/brief ${long}\n/brief 🎉🎉\n/brief a\u0007b\n`);
    expect(code).toBe(0);
    expect(stdout.match(/Usage: \/brief/g)).toHaveLength(3);
  }, 60_000);

  it('prints one briefing with npm run brief and exits 0', async () => {
    const { code, stdout } = await run(['src/cli/brief.ts', 'china'], '');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Blinken/);
  }, 60_000);

  it('exits non-zero with a message when the brief command finds nothing', async () => {
    const { code, stderr } = await run(['src/cli/brief.ts', 'cricket'], '');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/no news on “cricket”/);
  }, 60_000);
});
