/**
 * Document import: the seed corpus as a real-document baseline, the text / Markdown / HTML
 * converters, deduplication by content hash, clear errors naming the file, all-or-nothing
 * batches, and progress events.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../common/contract.js';
import { CONVERTER_VERSION, convertText, htmlToText, markdownToText } from '../../db/import/text-formats.js';
import { documentIdFor, prepareDocument, writeDocuments } from '../../db/import/documents.js';
import { REPO_ROOT, expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';

const open: TestWorkspace[] = [];
function workspace(seed = true): TestWorkspace {
  const t = openTestWorkspace({ seed });
  open.push(t);
  return t;
}
afterEach(() => {
  for (const t of open.splice(0)) t.dispose();
});

describe('the seed corpus', () => {
  let t: TestWorkspace;
  beforeAll(() => {
    t = openTestWorkspace();
    return () => t.dispose();
  });

  it('ships the five articles unchanged', () => {
    const shared = path.resolve(REPO_ROOT, '../shared/seeds');
    if (!fs.existsSync(shared)) return;
    for (const file of fs.readdirSync(shared)) {
      expect(
        fs.readFileSync(path.join(REPO_ROOT, 'seeds', file)).equals(fs.readFileSync(path.join(shared, file))),
      ).toBe(true);
    }
  });

  it('loads five documents with the manifest’s titles, outlets and dates', async () => {
    const docs = await t.call('documents.list', {});
    expect(docs.map((d) => [d.outlet, d.publishedAt, d.title])).toEqual([
      ['Arutz Sheva', '2015-09-27', 'Iraq Steps Up Anti-ISIS Coordination with Iran, Syria, Russia'],
      [
        'Global Research',
        '2015-09-27',
        "Russia, Iran, Iraq & Syria Setting Up 'Joint Information Center' to Coordinate Anti-ISIS Operations",
      ],
      ['UPI', '2015-09-28', 'Iraq, Russia, Iran and Syria to share intelligence on Daesh'],
      ['Mideast Time', null, 'Russia, Syria, Iran and Iraq Create New Intelligence Alliance to Fight IS'],
      ['War Press Info Network', null, 'Russia, Syria, Iran and Iraq coordinate their operations against Daesh'],
    ]);
    for (const d of docs) {
      expect(d.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(d.id).toBe('doc_' + d.contentHash.slice(7, 23));
    }
  });

  it('shows Markdown-flavoured text as a reader sees it', async () => {
    const docs = await t.call('documents.list', {});
    const rt = await t.call('documents.get', { id: docs.find((d) => d.outlet === 'Global Research')!.id });
    expect(rt.text).not.toContain('[RT](#)');
    expect(rt.text).not.toContain('\\_');
    expect(rt.text).toContain('By RT\n');
    expect(rt.text).toContain('— RT (@RT_com) September 9, 2015');
    expect(rt.text).toContain('— RT America (@RT_America) September 21, 2015');
    expect(rt.text.startsWith("Russia, Iran, Iraq & Syria Setting Up 'Joint Information Center'")).toBe(true);
    expect(rt.text).toContain(
      "Russian military advisers work in Syria, longtime military cooperation 'no secret' – Moscow http://t.co/i43Sm606dD pic.twitter.com/1p0VFpMrHo",
    );
    // Emphasis markers go; a lone asterisk that is text stays.
    expect(rt.text).toContain('Russia, Iran, Iraq and Syria have agreed to establish a joint information center');
    expect(rt.text).not.toMatch(/\*Russia, Iran/);
    expect(rt.text).toContain('Disclaimer: The contents of this article');
    const arutz = await t.call('documents.get', { id: docs.find((d) => d.outlet === 'Arutz Sheva')!.id });
    expect(arutz.text.endsWith('Required fields are marked *')).toBe(true);
  });

  it('keeps plain text exactly, with paragraphs per line', async () => {
    const docs = await t.call('documents.list', {});
    const upi = await t.call('documents.get', { id: docs.find((d) => d.outlet === 'UPI')!.id });
    const raw = fs.readFileSync(path.join(REPO_ROOT, 'seeds/003_fb174661902030f7.txt'), 'utf8');
    expect(upi.text).toBe(raw.replace(/\n+$/, ''));
    expect(upi.paragraphs.length).toBe(upi.text.split('\n').filter((l) => l.trim()).length);
    for (const p of upi.paragraphs) expect(upi.text.slice(p.start, p.end).trim()).not.toBe('');
    expect(upi.text.slice(upi.paragraphs[0]!.start, upi.paragraphs[0]!.end)).toBe(
      'Iraq, Russia, Iran and Syria to share intelligence on Daesh',
    );
  });

  it('finds the different names of the group across outlets', async () => {
    const { hits } = await t.call('search.query', { query: 'Daesh', limit: 100 });
    expect(new Set(hits.map((h) => h.outlet))).toEqual(
      new Set(['Global Research', 'War Press Info Network', 'Arutz Sheva', 'UPI']),
    );
    for (const hit of hits) {
      const doc = await t.call('documents.get', { id: hit.documentId });
      expect(doc.text.slice(hit.start, hit.end).toLowerCase()).toBe('daesh');
      expect(hit.snippet).toMatch(/\[daesh\]/i);
    }
  });
});

describe('converters', () => {
  it('reduces HTML to readable text, dropping scripts and styles', () => {
    const html = `<!doctype html><html><head><title>Iraq &amp; Syria</title><style>p{color:red}</style>
      <script>alert("x")</script></head><body><nav>Home</nav><article><h1>Iraq &amp; Syria</h1>
      <p>First <b>bold</b> paragraph &mdash; with&nbsp;space.</p><script>var x = 1;</script>
      <p>Second&#x1F600; paragraph &#233;</p></article><footer>Leave a reply</footer></body></html>`;
    const { text, title } = htmlToText(html);
    expect(title).toBe('Iraq & Syria');
    expect(text).toBe('Iraq & Syria\n\nFirst bold paragraph — with space.\n\nSecond😀 paragraph é');
  });

  it('reduces Markdown to text', () => {
    const { text, title } = markdownToText(
      '# Title here\n\nBy [RT](#) and ![img](x.png)\n\n**Bold** and *em* and RT\\_com <http://a.b/c>\n\n---\n\n> quoted\n',
    );
    expect(title).toBe('Title here');
    expect(text).toBe('Title here\n\nBy RT and img\n\nBold and em and RT_com http://a.b/c\n\n\n\nquoted');
  });

  it('keeps a .txt without Markdown marks exactly', () => {
    const raw = 'A *single asterisk and [brackets] stay.\r\nSecond line  \n';
    expect(convertText('plain.txt', raw)).toEqual({
      text: 'A *single asterisk and [brackets] stay.\nSecond line',
      title: null,
      format: 'plain',
    });
  });
});

describe('documents.import', () => {
  it('imports a file, and importing the same content again is a no-op', async () => {
    const t = workspace(false);
    const content = 'Headline\r\n\r\nBody with 😀 and CRLF.\r\n';
    const first = await t.call('documents.import', { sources: [{ name: 'a.txt', content }] });
    expect(first.imported).toHaveLength(1);
    expect(first.imported[0]!.title).toBe('Headline');
    const doc = await t.call('documents.get', { id: first.imported[0]!.id });
    expect(doc.text).toBe('Headline\n\nBody with 😀 and CRLF.');
    const again = await t.call('documents.import', {
      sources: [{ name: 'copy.txt', content: 'Headline\n\nBody with 😀 and CRLF.' }],
    });
    expect(again.imported).toHaveLength(0);
    expect(again.skipped).toEqual([{ name: 'copy.txt', documentId: doc.id, reason: 'duplicate' }]);
    expect(await t.call('documents.list', {})).toHaveLength(1);
  });

  it('records the converter and the file, and a file converted differently by an older version is still a duplicate', async () => {
    const t = workspace(false);
    const content = '# Headline\n\nBody with a [link](http://x).\n';
    const first = await t.call('documents.import', { sources: [{ name: 'a.md', content }] });
    const doc = await t.call('documents.get', { id: first.imported[0]!.id });
    expect(doc.metadata).toMatchObject({
      format: 'markdown',
      converterVersion: CONVERTER_VERSION,
      sourceHash: 'sha256:' + crypto.createHash('sha256').update(content, 'utf8').digest('hex'),
    });
    // An older converter had turned the same bytes into other text (so another id): that
    // document stays, and importing the file again skips it instead of adding a twin.
    const older = prepareDocument({ name: 'a.md', content });
    older.text = 'Headline, as an older converter had it\n\nBody with a link.';
    older.contentHash = 'sha256:' + 'f'.repeat(64);
    older.id = documentIdFor(older.contentHash);
    const other = openTestWorkspace({ seed: false });
    open.push(other);
    writeDocuments(other.ws, [older], 'done');
    const again = await other.call('documents.import', { sources: [{ name: 'renamed.md', content }] });
    expect(again.imported).toEqual([]);
    expect(again.skipped).toEqual([{ name: 'renamed.md', documentId: older.id, reason: 'duplicate' }]);
    // The same bytes twice in one batch: one document.
    const batch = await t.call('documents.import', {
      sources: [
        { name: 'b.txt', content: 'Another text' },
        { name: 'b-copy.txt', content: 'Another text' },
      ],
    });
    expect(batch.imported).toHaveLength(1);
    expect(batch.skipped.map((s) => s.name)).toEqual(['b-copy.txt']);
  });

  it('imports files from disk, and undo removes the import', async () => {
    const t = workspace(false);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'one.md'), '# One\n\nText of one.');
    fs.writeFileSync(path.join(dir, 'two.html'), '<html><body><p>Text of two.</p></body></html>');
    const result = await t.call('documents.import', {
      sources: [{ path: path.join(dir, 'one.md') }, { path: path.join(dir, 'two.html') }],
    });
    expect(result.imported.map((d) => d.title)).toEqual(['One', 'Text of two.']);
    await t.call('history.undo', {});
    expect(await t.call('documents.list', {})).toHaveLength(0);
    await t.call('history.redo', {});
    expect(await t.call('documents.list', {})).toHaveLength(2);
    expect((await t.call('search.query', { query: 'two' })).hits[0]!.documentId).toBe(result.imported[1]!.id);
  });

  it.each([
    [{ name: 'empty.txt', content: '' }, /empty\.txt is empty/],
    [{ name: 'blank.txt', content: '  \n\n ' }, /blank\.txt holds no text/],
    [
      { name: 'bin.txt', content: Buffer.from([0x41, 0, 0x42]).toString('base64'), encoding: 'base64' },
      /bin\.txt looks like a binary file/,
    ],
    [
      { name: 'latin1.txt', content: Buffer.from([0x63, 0x61, 0x66, 0xe9]).toString('base64'), encoding: 'base64' },
      /latin1\.txt is not valid UTF-8/,
    ],
    [{ name: 'report.pdf', content: 'hello' }, /report\.pdf: unsupported file type "\.pdf"/],
  ] as const)('refuses %o with a clear error naming the file', async (source, message) => {
    const t = workspace(false);
    const error = await expectApiError(t.call('documents.import', { sources: [source] }), 'invalid_file');
    expect(error.message).toMatch(message);
  });

  it('refuses a missing path', async () => {
    const t = workspace(false);
    const error = await expectApiError(
      t.call('documents.import', { sources: [{ path: '/nonexistent/file.txt' }] }),
      'invalid_file',
    );
    expect(error.message).toMatch(/\/nonexistent\/file\.txt does not exist/);
  });

  it('imports a batch all or nothing', async () => {
    const t = workspace(false);
    await expectApiError(
      t.call('documents.import', {
        sources: [
          { name: 'good1.txt', content: 'good one' },
          { name: 'good2.txt', content: 'good two' },
          { name: 'bad.txt', content: '' },
        ],
      }),
      'invalid_file',
    );
    expect(await t.call('documents.list', {})).toHaveLength(0);
  });

  it('reports progress while importing', async () => {
    const t = workspace(false);
    const events: EventMessage[] = [];
    t.dispatcher.subscribe((m) => events.push(m));
    const sources = Array.from({ length: 20 }, (_, i) => ({ name: `d${i}.txt`, content: `Document number ${i}` }));
    await t.call('documents.import', { sources, taskId: 'batch-1' });
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(21);
    const last = progress[progress.length - 1]!;
    expect(last.data).toMatchObject({ taskId: 'batch-1', task: 'import', done: 20, total: 20 });
    const changed = events.filter((e) => e.event === 'changed');
    expect(changed).toHaveLength(1);
    expect(
      changed[0]!.event === 'changed' && changed[0]!.data.records.filter((r) => r.kind === 'document'),
    ).toHaveLength(20);
  });
});
