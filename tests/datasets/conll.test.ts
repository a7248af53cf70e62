/**
 * CoNLL: the layer policy (nested and overlapping spans get their own columns; nothing is
 * dropped), tokens cut at span boundaries, sentences never broken inside a span; import of
 * CoNLL/IOB files written by spaCy and doccano, and of our own files back onto their documents.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDataset, importDataset } from '../../db/datasets/index.js';
import { prepareDocument, writeDocuments } from '../../db/import/documents.js';
import type { Workspace } from '../../db/workspace.js';
import { expectApiError, openTestWorkspace, tempDir, type TestWorkspace } from '../helpers.js';
import { annotate, interop, task } from './helpers.js';
import { createAnnotation, listAnnotations } from '../../db/annotations.js';
import { listDocuments } from '../../db/documents.js';
import { getLabel } from '../../db/labels.js';
import { workspaceStats } from '../../db/stats.js';

let t: TestWorkspace;
let dir: string;

beforeEach(() => {
  t = openTestWorkspace({ seed: false });
  dir = tempDir('triangulate-conll-');
});

afterEach(() => {
  t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function addDocument(ws: Workspace, text: string, title = 'doc'): string {
  writeDocuments(ws, [prepareDocument({ name: `${title}.txt`, content: text }, { title })], 'done');
  return listDocuments(ws).find((d) => d.title === title)?.id as string;
}

function tag(ws: Workspace, documentId: string, labelId: string, ...parts: Array<[string, number?]>) {
  const text = ws.documentText(documentId);
  const fragments = parts.map(([needle, from]) => {
    const i = text.indexOf(needle, from ?? 0);
    if (i < 0) throw new Error(`no ${needle}`);
    return { start: i, end: i + needle.length };
  });
  return createAnnotation(ws, { documentId, labelId, fragments });
}

interface Parsed {
  sentences: Array<Array<{ token: string; tags: string[] }>>;
  columns: Set<number>;
}

function parse(file: string): Parsed[] {
  const docs: Parsed[] = [];
  let sentence: Array<{ token: string; tags: string[] }> = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('-DOCSTART-')) {
      docs.push({ sentences: [], columns: new Set([line.split(' ').length]) });
      continue;
    }
    const doc = docs[docs.length - 1] as Parsed;
    if (!line) {
      if (sentence.length) doc.sentences.push(sentence);
      sentence = [];
      continue;
    }
    const cols = line.split(' ');
    doc.columns.add(cols.length);
    expect(cols[1]).toBe('-X-');
    expect(cols[2]).toBe('_');
    sentence.push({ token: cols[0] as string, tags: cols.slice(3) });
  }
  return docs;
}

/** Spans of each column as [label, text] (tokens joined back with the document's own spacing). */
function spansOf(text: string, doc: Parsed): Array<[string, string, number]> {
  let pos = 0;
  const tokens = doc.sentences.flat().map((row) => {
    while (/\s/.test(text[pos] ?? '')) pos++;
    const start = pos;
    expect(text.startsWith(row.token, pos)).toBe(true);
    pos += row.token.length;
    return { ...row, start, end: pos };
  });
  const spans: Array<[string, string, number]> = [];
  const layers = Math.max(...tokens.map((tk) => tk.tags.length));
  for (let l = 0; l < layers; l++) {
    let open: { label: string; start: number; end: number } | null = null;
    for (const tk of tokens) {
      const value = tk.tags[l] ?? 'O';
      if (value.startsWith('I-') && open && value.slice(2) === open.label) {
        open.end = tk.end;
        continue;
      }
      if (open) spans.push([open.label, text.slice(open.start, open.end), l]);
      open = value.startsWith('B-') ? { label: value.slice(2), start: tk.start, end: tk.end } : null;
      expect(value.startsWith('I-')).toBe(false);
    }
    if (open) spans.push([open.label, text.slice(open.start, open.end), l]);
  }
  return spans;
}

describe('export', () => {
  it('puts nested and overlapping spans in further columns, cuts tokens at span edges, and drops nothing', async () => {
    const text =
      'Russian President Vladimir Putin said the Islamic State militants in Syria attacked Mr. Smith.\nThen they left.\n';
    const id = addDocument(t.ws, text);
    tag(t.ws, id, 'claim', ['Putin said the Islamic State militants in Syria attacked Mr. Smith.\nThen they left']);
    tag(t.ws, id, 'person', ['Vladimir Putin']);
    tag(t.ws, id, 'source', ['President Vladimir']);
    tag(t.ws, id, 'country', ['Syria']);
    tag(t.ws, id, 'armed-group', ['Islamic'], ['militants']);
    tag(t.ws, id, 'country', ['Russ']);
    const out = path.join(dir, 'x.conll');
    await exportDataset(t.ws, { format: 'conll', outPath: out }, task());
    const [doc] = parse(out);
    // token, pos, chunk + 2 layers: the fewest that hold every span (greedy interval colouring).
    expect(doc?.columns).toEqual(new Set([5]));
    const spans = spansOf(text, doc as Parsed)
      .map(([label, quote]) => `${label}:${quote}`)
      .sort();
    expect(spans).toEqual(
      [
        'Claim:Putin said the Islamic State militants in Syria attacked Mr. Smith.\nThen they left',
        'Country:Russ',
        'Country:Syria',
        'Person:Vladimir Putin',
        'Source:President Vladimir',
        // Each fragment of a discontinuous annotation starts with B-.
        'Armed_group:Islamic',
        'Armed_group:militants',
      ].sort(),
    );
    // "Russ|ian" is cut at the span edge; the claim spanning a line break stays in one sentence;
    // "Mr." does not end a sentence.
    const tokens = (doc as Parsed).sentences.map((s) => s.map((r) => r.token).join(' '));
    expect(tokens[0]?.startsWith('Russ ian President')).toBe(true);
    expect(tokens).toHaveLength(1);
    const manifest = JSON.parse(fs.readFileSync(`${out}.manifest.json`, 'utf8')) as { details: unknown };
    expect(manifest.details).toEqual({ columns: ['token', 'pos', 'chunk', 'layer1', 'layer2'], layers: 2, omitted: 0 });
  });

  it('splits sentences at full stops before capitals and at line breaks, but not after abbreviations and initials', async () => {
    const text = 'Dr. Smith met J. R. Ewing in Baghdad. They talked. “Fine,” he said!\nNew line here';
    const id = addDocument(t.ws, text);
    tag(t.ws, id, 'place', ['Baghdad']);
    const out = path.join(dir, 's.conll');
    await exportDataset(t.ws, { format: 'conll', outPath: out }, task());
    const sentences = (parse(out)[0] as Parsed).sentences.map((s) => s.map((r) => r.token).join(' '));
    expect(sentences).toEqual([
      'Dr . Smith met J . R . Ewing in Baghdad .',
      'They talked .',
      '“ Fine , ” he said !',
      'New line here',
    ]);
  });

  it('exports every annotation of the annotated corpus with the same number of columns on every line', async () => {
    const seeded = openTestWorkspace();
    try {
      annotate(seeded.ws);
      const out = path.join(dir, 'all.conll');
      await exportDataset(seeded.ws, { format: 'conll', outPath: out }, task());
      const docs = parse(out);
      const widths = new Set(docs.flatMap((d) => [...d.columns]));
      expect(widths.size).toBe(1);
      const expected = listAnnotations(seeded.ws, {}).reduce(
        (sum, a) =>
          sum + a.fragments.filter((f) => /\S/.test(seeded.ws.documentText(a.documentId).slice(f.start, f.end))).length,
        0,
      );
      const found = listDocuments(seeded.ws).reduce(
        (sum, d, i) => sum + spansOf(seeded.ws.documentText(d.id), docs[i] as Parsed).length,
        0,
      );
      expect(found).toBe(expected);
    } finally {
      seeded.dispose();
    }
  });
});

describe('import', () => {
  it('reads its own export back onto the documents, span for span', async () => {
    const seeded = openTestWorkspace();
    try {
      annotate(seeded.ws);
      const out = path.join(dir, 'own.conll');
      await exportDataset(seeded.ws, { format: 'conll', outPath: out }, task());
      const target = openTestWorkspace();
      try {
        await importDataset(target.ws, { format: 'conll', path: out }, task());
        // CoNLL has no white space in its tokens: a fragment comes back without its edge spaces.
        const key = (ws: Workspace) =>
          new Set(
            listAnnotations(ws, {}).flatMap((a) =>
              a.fragments.map((f) => {
                const quote = ws.documentText(a.documentId).slice(f.start, f.end);
                const start = f.start + (quote.length - quote.trimStart().length);
                const end = f.end - (quote.length - quote.trimEnd().length);
                return `${a.documentId}|${getLabel(ws, a.labelId).name}|${start}-${end}`;
              }),
            ),
          );
        const before = key(seeded.ws);
        const after = key(target.ws);
        // Seed documents are matched and aligned: every fragment comes back where it was.
        const seedIds = new Set(listDocuments(target.ws).map((d) => d.id));
        for (const k of before) if (seedIds.has(k.split('|')[0] as string)) expect(after.has(k), k).toBe(true);
      } finally {
        target.dispose();
      }
    } finally {
      seeded.dispose();
    }
  });

  it('reads spaCy CoNLL-2003 and IOB files, in 4, 3 and 2 columns, to the same entities', async () => {
    const base = interop('spacy', 'extra', 'example_data', 'ner_example_data');
    const entities = async (file: string) => {
      const ws = openTestWorkspace({ seed: false });
      try {
        const result = await importDataset(ws.ws, { format: 'conll', path: path.join(base, file) }, task());
        expect(result.documents).toBe(1);
        return listAnnotations(ws.ws, {})
          .map((a) => `${getLabel(ws.ws, a.labelId).name}:${a.quote}`)
          .sort();
      } finally {
        ws.dispose();
      }
    };
    const conll2003 = await entities('ner-token-per-line-conll2003.iob');
    // PERSON maps onto the workspace's own Person label (labels match by name, any case).
    expect(conll2003).toEqual(
      [
        'DATE:2007',
        'DATE:earlier this week',
        'NORP:American',
        'ORG:Google',
        'ORG:Recode',
        'Person:Sebastian Thrun',
        'Person:Thrun',
      ].sort(),
    );
    expect(await entities('ner-token-per-line-with-pos.iob')).toEqual(conll2003);
    expect(await entities('ner-token-per-line.iob')).toEqual(conll2003);
  });

  it('reads doccano CoNLL files (tabs, or runs of spaces), refuses a line without a tag, accepts trailing blank lines', async () => {
    const base = interop('doccano', 'backend', 'data_import');
    await importDataset(
      t.ws,
      { format: 'conll', path: path.join(base, 'tests', 'data', 'sequence_labeling', 'example.conll') },
      task(),
    );
    await importDataset(
      t.ws,
      { format: 'conll', path: path.join(base, 'pipeline', 'examples', 'sequence_labeling', 'example.txt') },
      task(),
    );
    const found = listAnnotations(t.ws, {})
      .map((a) => `${getLabel(t.ws, a.labelId).name}:${a.quote}`)
      .sort();
    expect(found).toEqual(
      ['LOC:JAPAN', 'MISC:British', 'MISC:German', 'ORG:EU', 'PER:Nadim Ladki', 'PER:Peter Blackburn'].sort(),
    );
    const before = workspaceStats(t.ws);
    const error = await expectApiError(
      importDataset(
        t.ws,
        { format: 'conll', path: path.join(base, 'tests', 'data', 'sequence_labeling', 'labeling.invalid.conll') },
        task(),
      ),
      'invalid_file',
    );
    expect(error.message).toMatch(
      /^labeling\.invalid\.conll, line 1, field “column 3”: expected a BIO tag .* found "SOCCERO"/,
    );
    expect(workspaceStats(t.ws)).toEqual(before);
    const trailing = await importDataset(
      t.ws,
      { format: 'conll', path: path.join(base, 'tests', 'data', 'sequence_labeling', 'labeling.trailing.conll') },
      task(),
    );
    expect(trailing).toMatchObject({ documents: 1, annotations: 2 });
  });

  it('reads BIOES / BILUO tags and IOB1 runs', async () => {
    const file = path.join(dir, 'bioes.conll');
    fs.writeFileSync(
      file,
      ['New\tB-LOC', 'York\tE-LOC', 'and\tO', 'Paris\tS-LOC', 'or\tO', 'big\tI-MISC', 'apple\tI-MISC', ''].join('\n'),
    );
    await importDataset(t.ws, { format: 'conll', path: file }, task());
    expect(
      listAnnotations(t.ws, {})
        .map((a) => a.quote)
        .sort(),
    ).toEqual(['New York', 'Paris', 'big apple']);
  });
});
