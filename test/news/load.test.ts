import { mkdtemp, writeFile, mkdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFiles, loadFolder } from '../../src/news/load.js';
import { captureLogger } from './log-capture.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/docs', import.meta.url));
const MAX = 1_000_000;

describe('loadFolder on the fixture folder', () => {
  it('loads every supported format, recursively, and ignores other files', async () => {
    const { logger, warnings } = captureLogger();
    const r = await loadFolder(FIXTURES, { maxFileBytes: MAX, logger });
    expect(warnings()).toEqual([]);
    expect(r.skipped).toEqual([]);
    expect(r.documents.map((d) => d.title).sort()).toEqual([
      'Claxton hunting first major medal',
      'Council approves new park',
      'Floods hit river towns',
      'China trade surplus widens',
      'Line one story',
      'Line two story',
      'Markets rally on rate hopes',
      'Single object story',
    ].sort());
    expect(r.documents.some((d) => d.path.endsWith('.csv'))).toBe(false);
  });

  it('takes a plain-text headline from the first line and tags from the folder', async () => {
    const r = await loadFolder(FIXTURES, { maxFileBytes: MAX, logger: captureLogger().logger });
    const doc = r.documents.find((d) => d.path === 'sport/012.txt')!;
    expect(doc.title).toBe('Claxton hunting first major medal');
    expect(doc.text.startsWith('British hurdler Sarah Claxton')).toBe(true);
    expect(doc.text.split('\n')).toHaveLength(2);
    expect(doc.tags).toEqual(['sport']);
  });

  it('reads Markdown front matter and turns "#" lines into headings', async () => {
    const r = await loadFolder(FIXTURES, { maxFileBytes: MAX, logger: captureLogger().logger });
    const doc = r.documents.find((d) => d.path === 'world/asia/china-trade.md')!;
    expect(doc.title).toBe('China trade surplus widens');
    expect(doc.publishedAt!.toISOString()).toBe('2024-05-02T08:00:00.000Z');
    expect(doc.url).toBe('https://example.com/china-trade');
    expect(doc.source).toBe('Example Wire');
    expect(doc.tags).toEqual(['world', 'asia', 'business']);
    expect(doc.sections).toEqual(['This heading is not the title', 'What analysts say']);
    expect(doc.text).toContain('shipments of electric vehicles leading');
    expect(doc.text).toContain('Analysts at a bank said');
    expect(doc.text).not.toContain('**');
    expect(doc.headings).toEqual([
      { title: 'This heading is not the title', paragraph: 0 },
      { title: 'What analysts say', paragraph: 1 },
    ]);
  });

  it('reads an HTML page: title, published time, canonical URL, site name and main text', async () => {
    const r = await loadFolder(FIXTURES, { maxFileBytes: MAX, logger: captureLogger().logger });
    const doc = r.documents.find((d) => d.path === 'world/page.html')!;
    expect(doc.title).toBe('Floods hit river towns');
    expect(doc.publishedAt!.toISOString()).toBe('2024-03-10T06:30:00.000Z');
    expect(doc.url).toBe('https://news.example.com/floods');
    expect(doc.source).toBe('Example News');
    expect(doc.text).toContain('Heavy rain caused the river');
    expect(doc.text).toContain('Forecasters warned');
    expect(doc.text).not.toContain('Home');
    expect(doc.text).not.toContain('Copyright');
    expect(doc.sections).toContain('Rescue efforts');
  });

  it('reads a JSON array, a single JSON object and JSON lines, with text or body', async () => {
    const r = await loadFolder(FIXTURES, { maxFileBytes: MAX, logger: captureLogger().logger });
    const markets = r.documents.find((d) => d.title === 'Markets rally on rate hopes')!;
    expect(markets.text).toBe('Shares rose sharply on Monday as investors bet that interest rates would fall.\nBank stocks led the gains.');
    expect(markets.tags).toEqual(['business']);
    expect(markets.url).toBe('https://example.com/markets');
    expect(markets.source).toBe('Example Wire');
    expect(markets.publishedAt!.toISOString()).toBe('2024-04-01T09:00:00.000Z');
    expect(r.documents.find((d) => d.title === 'Council approves new park')!.text).toContain('riverside park');
    expect(r.documents.find((d) => d.title === 'Single object story')!.path).toBe('one.json');
    const line1 = r.documents.find((d) => d.title === 'Line one story')!;
    expect(line1.tags).toEqual(['tech']);
    expect(r.documents.find((d) => d.title === 'Line two story')!.url).toBe('https://example.com/two');
  });

  it('ends with one info line that counts loaded and skipped documents and the time', async () => {
    const { logger, lines } = captureLogger();
    await loadFolder(FIXTURES, { maxFileBytes: MAX, logger });
    const info = lines.filter((l) => l.level === 30);
    expect(info).toHaveLength(1);
    expect(info[0]!.msg).toMatch(/^loaded 8 documents, skipped 0, in \d+ ms$/);
  });
});

describe('loadFolder on bad input', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'newsbrief-load-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const good = 'A good story\n\nThis document is fine and loads next to the bad ones.\n';

  async function loadWith(files: Record<string, string | Buffer>, maxFileBytes = MAX) {
    await writeFile(path.join(dir, 'good.txt'), good);
    for (const [name, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), content);
    }
    const cap = captureLogger();
    const result = await loadFolder(dir, { maxFileBytes, logger: cap.logger });
    return { result, warnings: cap.warnings() };
  }

  function expectOneWarning(
    out: Awaited<ReturnType<typeof loadWith>>,
    file: string,
    reason: RegExp,
  ): void {
    expect(out.result.documents.map((d) => d.title)).toContain('A good story');
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]!.msg).toContain(file);
    expect(out.warnings[0]!.msg).toMatch(reason);
    expect(out.result.skipped).toEqual([{ path: file, reason: expect.stringMatching(reason) }]);
  }

  it('skips an empty file and says why', async () => {
    expectOneWarning(await loadWith({ 'empty.txt': '' }), 'empty.txt', /empty/);
  });

  it('skips a file of only whitespace and says why', async () => {
    expectOneWarning(await loadWith({ 'blank.md': '  \n\n \t\n' }), 'blank.md', /empty/);
  });

  it('skips a binary file (NUL bytes) and says why', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expectOneWarning(await loadWith({ 'image.txt': png }), 'image.txt', /binary/);
  });

  it('skips bytes full of control characters even without NUL', async () => {
    const junk = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 7) + 1));
    expectOneWarning(await loadWith({ 'junk.txt': junk }), 'junk.txt', /binary|not text/);
  });

  it('reads a Latin-1 file that is not valid UTF-8 as Latin-1', async () => {
    const latin1 = Buffer.from('Café owners protest\n\nThe café owners of the town said the new rules would cost them dearly.\n', 'latin1');
    const out = await loadWith({ 'latin1.txt': latin1 });
    expect(out.warnings).toEqual([]);
    const doc = out.result.documents.find((d) => d.path === 'latin1.txt')!;
    expect(doc.title).toBe('Café owners protest');
    expect(doc.text).toContain('café owners');
  });

  it('reads Windows-1252 curly quotes in a non-UTF-8 file', async () => {
    const bytes = Buffer.concat([
      Buffer.from('Minister speaks\n\nThe minister said '),
      Buffer.from([0x93]),
      Buffer.from('we will act'),
      Buffer.from([0x94]),
      Buffer.from(' on Monday.\n'),
    ]);
    const out = await loadWith({ 'cp1252.txt': bytes });
    expect(out.result.documents.find((d) => d.path === 'cp1252.txt')!.text).toBe('The minister said “we will act” on Monday.');
  });

  it('skips a file over the size limit and says why', async () => {
    const out = await loadWith({ 'huge.txt': `Big story\n\n${'word '.repeat(400)}` }, 1000);
    expectOneWarning(out, 'huge.txt', /too large \(\d+ bytes; the limit is 1000\)/);
  });

  it('skips malformed JSON and says why', async () => {
    expectOneWarning(await loadWith({ 'broken.json': '{"title": "x", "text": ' }), 'broken.json', /malformed JSON/);
  });

  it('skips a JSON object that is not a news item and names the missing field', async () => {
    expectOneWarning(await loadWith({ 'wrong.json': '{"headline": "x", "text": "Some text here."}' }), 'wrong.json', /title is missing/);
  });

  it('skips one bad item of a JSON array and keeps the others', async () => {
    const items = JSON.stringify([
      { title: 'Kept item', text: 'This item is fine.' },
      { title: 'No text item' },
      { title: 'Also kept', body: 'Fine as well.' },
    ]);
    const out = await loadWith({ 'items.json': items });
    expect(out.result.documents.map((d) => d.title).sort()).toEqual(['A good story', 'Also kept', 'Kept item']);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]!.msg).toMatch(/items\.json: item 1: .*text/);
  });

  it('skips a malformed JSON line, names its line number and keeps the other lines', async () => {
    const lines = [
      JSON.stringify({ title: 'First line', text: 'Fine.' }),
      '{"title": "cut off',
      JSON.stringify({ title: 'Third line', text: 'Also fine.' }),
    ].join('\n');
    const out = await loadWith({ 'feed.jsonl': lines });
    expect(out.result.documents.map((d) => d.title).sort()).toEqual(['A good story', 'First line', 'Third line']);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]!.msg).toMatch(/feed\.jsonl: line 2: malformed JSON/);
  });

  it('skips a JSON line with a title that is a number and says which field', async () => {
    const out = await loadWith({ 'typed.jsonl': JSON.stringify({ title: 42, text: 'x' }) });
    expectOneWarning(out, 'typed.jsonl', /line 1: .*title/);
  });

  it('skips HTML with no text and says why', async () => {
    const html = '<!doctype html><html><head><title>Empty</title></head><body><script>var x = 1;</script></body></html>';
    expectOneWarning(await loadWith({ 'empty.html': html }), 'empty.html', /HTML with no readable text/);
  });

  it('skips Markdown with malformed front matter and says why', async () => {
    expectOneWarning(await loadWith({ 'bad.md': '---\ntitle: [unclosed\n---\nBody text here.\n' }), 'bad.md', /malformed front matter/);
  });

  it('loads the same text twice only once, without a warning', async () => {
    const out = await loadWith({ 'copy.txt': good, 'sub/copy2.txt': good.replace(/ /g, '  ') });
    expect(out.warnings).toEqual([]);
    expect(out.result.documents).toHaveLength(1);
  });

  it('ignores hidden files and unsupported extensions silently', async () => {
    const out = await loadWith({ '.hidden.txt': 'Hidden\n\nNot news.', 'photo.jpg': Buffer.from([0xff, 0xd8, 0]), '.git/HEAD.txt': 'ref' });
    expect(out.warnings).toEqual([]);
    expect(out.result.documents).toHaveLength(1);
  });

  it('dates a document with no date metadata by the file modification time', async () => {
    await writeFile(path.join(dir, 'dated.txt'), good);
    const when = new Date('2023-06-01T12:00:00Z');
    await utimes(path.join(dir, 'dated.txt'), when, when);
    const r = await loadFolder(dir, { maxFileBytes: MAX, logger: captureLogger().logger });
    expect(r.documents[0]!.publishedAt!.toISOString()).toBe(when.toISOString());
  });

  it('answers a missing folder with one warning and no documents', async () => {
    const cap = captureLogger();
    const r = await loadFolder(path.join(dir, 'nope'), { maxFileBytes: MAX, logger: cap.logger });
    expect(r.documents).toEqual([]);
    expect(cap.warnings()).toHaveLength(1);
    expect(r.skipped[0]!.reason).toMatch(/cannot read the folder \(ENOENT\)/);
  });

  it('loadFiles loads just the given files with the same rules', async () => {
    await writeFile(path.join(dir, 'a.txt'), 'Story A\n\nText of story A.\n');
    await writeFile(path.join(dir, 'b.txt'), 'Story B\n\nText of story B.\n');
    await writeFile(path.join(dir, 'c.txt'), '');
    const cap = captureLogger();
    const r = await loadFiles(dir, [path.join(dir, 'b.txt'), path.join(dir, 'c.txt'), path.join(dir, 'x.png')], {
      maxFileBytes: MAX,
      logger: cap.logger,
    });
    expect(r.documents.map((d) => d.title)).toEqual(['Story B']);
    expect(r.skipped).toEqual([{ path: 'c.txt', reason: 'empty file' }]);
  });

  it('loadFiles reports a file deleted before it was read', async () => {
    const r = await loadFiles(dir, [path.join(dir, 'gone.txt')], { maxFileBytes: MAX, logger: captureLogger().logger });
    expect(r.skipped).toEqual([{ path: 'gone.txt', reason: 'the file disappeared while loading' }]);
  });
});

describe('format details', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'newsbrief-formats-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function loadOne(name: string, content: string) {
    await writeFile(path.join(dir, name), content);
    const cap = captureLogger();
    const r = await loadFolder(dir, { maxFileBytes: MAX, logger: cap.logger });
    expect(cap.warnings()).toEqual([]);
    expect(r.documents).toHaveLength(1);
    return r.documents[0]!;
  }

  it('takes a Markdown title from a leading "# " line when there is no front matter', async () => {
    const d = await loadOne('note.md', '# Harbour reopens\n\nThe harbour reopened on Monday after repairs, the port authority said.\n');
    expect(d.title).toBe('Harbour reopens');
    expect(d.sections).toEqual([]);
    expect(d.text).toBe('The harbour reopened on Monday after repairs, the port authority said.');
  });

  it('takes an HTML title from <title> without the site name when there is no og:title', async () => {
    const html = `<html><head><title>Harbour reopens after repairs | Example News</title></head><body><article>
      <h1>Harbour reopens after repairs</h1>
      <p>The harbour reopened on Monday after months of repairs to the sea wall, the port authority said in a statement.</p>
      <p>Fishing boats were the first to return, followed by the ferry service to the islands later in the afternoon.</p>
      </article></body></html>`;
    const d = await loadOne('page.htm', html);
    expect(d.title).toBe('Harbour reopens after repairs');
    expect(d.text).toMatch(/^The harbour reopened on Monday/);
  });

  it('reads a short HTML page that Readability would not call an article', async () => {
    const d = await loadOne('short.html', '<html><body><p>Short news: the bridge is closed today.</p></body></html>');
    expect(d.text).toBe('Short news: the bridge is closed today.');
  });

  it('tags a JSON item with every category of a list, lower-cased', async () => {
    const d = await loadOne('x.json', JSON.stringify({ title: 'T', text: 'Body text.', category: ['World', 'Asia'] }));
    expect(d.tags).toEqual(['world', 'asia']);
  });

  it('leaves a JSON item undated when its date does not parse, instead of dating it by the file', async () => {
    const d = await loadOne('x.jsonl', JSON.stringify({ title: 'T', text: 'Body.', publishedAt: 'not a date' }));
    expect(d.publishedAt).toBeUndefined();
  });

  it('leaves a JSON item with "publishedAt": "Z" or no date at all undated', async () => {
    const z = await loadOne('z.jsonl', JSON.stringify({ title: 'T', text: 'Body.', publishedAt: 'Z' }));
    expect(z.publishedAt).toBeUndefined();
    const none = await loadOne('n.json', JSON.stringify({ title: 'T', text: 'Body.' }));
    expect(none.publishedAt).toBeUndefined();
  });

  it('strips a UTF-8 byte order mark before the headline', async () => {
    const d = await loadOne('bom.txt', '\uFEFFHeadline here\n\nBody of the story.\n');
    expect(d.title).toBe('Headline here');
  });
});

describe('links and special files', () => {
  it('follows a symbolic link to a file in the folder, passes over a FIFO, and refuses to read one it is handed', async () => {
    const { symlink } = await import('node:fs/promises');
    const { execFileSync } = await import('node:child_process');
    const dir = await mkdtemp(path.join(tmpdir(), 'newsbrief-links-'));
    try {
      await mkdir(path.join(dir, 'seeds', 'archive'), { recursive: true });
      await writeFile(path.join(dir, 'seeds', 'archive', 'real.md'), '# Linked story\n\nThe text behind the link.\n');
      await symlink(path.join(dir, 'seeds', 'archive', 'real.md'), path.join(dir, 'seeds', 'link.md'));
      execFileSync('mkfifo', [path.join(dir, 'seeds', 'pipe.txt')]);
      const cap = captureLogger();
      const r = await loadFolder(path.join(dir, 'seeds'), { maxFileBytes: MAX, logger: cap.logger });
      expect(r.documents.map((d) => d.title)).toEqual(['Linked story']); // the file and its link: the same text, loaded once
      expect(r.skipped).toEqual([]);
      const handed = await loadFiles(path.join(dir, 'seeds'), [path.join(dir, 'seeds', 'pipe.txt')], { maxFileBytes: MAX, logger: cap.logger });
      expect(handed.skipped).toEqual([{ path: 'pipe.txt', reason: 'not a regular file' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never reads a file whose link leads out of the seeds folder (/etc/passwd, ../.env), with one warning each', async () => {
    const { symlink } = await import('node:fs/promises');
    const dir = await mkdtemp(path.join(tmpdir(), 'newsbrief-escape-'));
    try {
      await mkdir(path.join(dir, 'seeds', 'sub'), { recursive: true });
      await mkdir(path.join(dir, 'elsewhere'));
      await writeFile(path.join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxb-not-for-channels\n');
      await writeFile(path.join(dir, 'elsewhere', 'story.txt'), 'Outside story\n\nThis file lives outside the seeds folder.\n');
      await writeFile(path.join(dir, 'seeds', 'ok.txt'), 'Inside story\n\nThis one is in the seeds folder.\n');
      await symlink('/etc/passwd', path.join(dir, 'seeds', 'passwd.txt'));
      await symlink('../.env', path.join(dir, 'seeds', 'notes.txt'));
      // A linked folder is not walked, and a file reached through one is refused when handed over.
      await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'seeds', 'sub', 'linked'));
      const cap = captureLogger();
      const seeds = path.join(dir, 'seeds');
      const r = await loadFolder(seeds, { maxFileBytes: MAX, logger: cap.logger });
      expect(r.documents.map((d) => d.title)).toEqual(['Inside story']);
      expect(r.skipped).toEqual([
        { path: 'notes.txt', reason: 'links outside the seeds folder' },
        { path: 'passwd.txt', reason: 'links outside the seeds folder' },
      ]);
      expect(cap.warnings().map((w) => w.msg)).toEqual([
        'skipped notes.txt: links outside the seeds folder',
        'skipped passwd.txt: links outside the seeds folder',
      ]);
      expect(JSON.stringify(r.documents)).not.toContain('xoxb-');
      const handed = await loadFiles(seeds, [path.join(seeds, 'sub', 'linked', 'story.txt')], { maxFileBytes: MAX, logger: cap.logger });
      expect(handed.documents).toEqual([]);
      expect(handed.skipped).toEqual([{ path: 'sub/linked/story.txt', reason: 'links outside the seeds folder' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
