/**
 * brat standoff export: a folder with `ID.txt` + `ID.ann` per document, `annotation.conf` and
 * `visual.conf` (the tagset, with display names and colours), `manifest.json`, and
 * `triangulate.jsonl` (what brat has no place for: annotation and relation ids, authors and
 * timestamps, relations between documents). Offsets are Unicode code points, so each `T` line's
 * text equals the `.txt` sliced there (fragments joined by a space, as brat does), save a span of
 * nothing but line breaks, whose breaks show as spaces.
 *
 * Lines: `T` (text-bound; a fragment that crosses a line break is cut there, as brat's own
 * editor does, and the exact fragments are kept in `triangulate.jsonl`), `R` (relations within
 * the document), `A` (attributes; `status` when not accepted), `N` (links:
 * `triangulate-entity:ID` / `triangulate-claim:ID`), `#` (AnnotatorNotes: the annotation's or
 * relation's note, with backslashes, line feeds, tabs and carriage returns escaped as `\\`, `\n`,
 * `\t` and `\r`; and, since brat has no attributes on relations, one `tri:NAME` comment per
 * relation attribute, `#4⇥tri:stance R1⇥denied`, escaped the same way). brat-import.ts reads
 * such a folder back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RELATION_TYPES } from '../../../common/domain.js';
import { GENERATOR_NAME, MANIFEST_KIND } from '../model.js';
import type { OutputFile } from '../output.js';
import { APP_VERSION } from '../../../common/version.js';
import { decodeFragments } from '../../rows.js';
import { closeInto, sortedAttributes, type ExportContext, type FormatExporter } from './common.js';
import {
  ATTRIBUTE_NOTE,
  CLAIM_DB,
  ENTITY_DB,
  SIDE_FILE,
  bratText,
  escapeNote,
  splitAtLineBreaks,
  valueToken,
} from './brat-shared.js';

const OUR_FILES = /^(?:[\w.-]+\.(?:txt|ann)|annotation\.conf|visual\.conf|manifest\.json|triangulate\.jsonl)$/;

/**
 * True when `dir` holds an earlier brat export of Triangulate and nothing else (an export may
 * then replace it: no file of the person's is lost).
 */
export function bratIsOurs(dir: string): boolean {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      kind?: unknown;
      format?: unknown;
    };
    if (manifest.kind !== MANIFEST_KIND || manifest.format !== 'brat') return false;
    return fs.readdirSync(dir, { withFileTypes: true }).every((entry) => entry.isFile() && OUR_FILES.test(entry.name));
  } catch {
    return false;
  }
}

/** A name on one line: tabs and line breaks as spaces. */
function oneLine(text: string | null): string {
  return (text ?? '').replace(/[\t\r\n]+/g, ' ');
}

/** The brat writer: a `.txt` and `.ann` per document, then the side file and the two `.conf` files. */
export function bratExporter(ctx: ExportContext): FormatExporter {
  let side: OutputFile;
  const relationTypes = new Set<string>(RELATION_TYPES);
  const tags = new Map(ctx.tagset.map((l) => [l.id, l.tag]));
  /** attribute name → labels (tags) using it and the value tokens met. */
  const attributes = new Map<string, { labels: Set<string>; values: Set<string> }>();
  const noteAttribute = (name: string, tag: string, value: string) => {
    let entry = attributes.get(name);
    if (!entry) attributes.set(name, (entry = { labels: new Set(), values: new Set() }));
    entry.labels.add(tag);
    entry.values.add(valueToken(value));
  };
  attributes.set('status', { labels: new Set(), values: new Set(['proposed', 'rejected']) });
  for (const label of ctx.tagset) {
    for (const definition of label.attributes) {
      for (const value of definition.values) noteAttribute(definition.name, label.tag, value);
    }
  }
  return {
    manifestTarget: 'manifest.json',
    begin: async () => {
      side = ctx.outputs.open(SIDE_FILE);
    },
    document: async (doc) => {
      const base = doc.meta.id.replace(/[^\w.-]/g, '_');
      const txt = ctx.outputs.open(`${base}.txt`);
      txt.write(doc.text);
      const ann = ctx.outputs.open(`${base}.ann`);
      const cp = (offset: number) => doc.cp.toCodePoint(offset);
      const tOf = new Map<string, string>();
      const lines = {
        t: [] as string[],
        r: [] as string[],
        a: [] as string[],
        n: [] as string[],
        notes: [] as string[],
      };
      const record: { document: string; T: Record<string, unknown[]>; R: Record<string, unknown[]>; links: unknown[] } =
        {
          document: doc.meta.id,
          T: {},
          R: {},
          links: [],
        };
      let a = 0;
      let n = 0;
      let note = 0;
      doc.annotations.forEach((row, i) => {
        const t = `T${i + 1}`;
        tOf.set(row.id, t);
        const tag = tags.get(row.label_id) ?? row.label_id;
        const fragments = decodeFragments(row.fragments);
        const segments = splitAtLineBreaks(doc.text, fragments);
        const spans = segments.map((s) => `${cp(s.start)} ${cp(s.end)}`).join(';');
        const text = bratText(doc.text, segments);
        // brat keeps tabs in the text field; a line break can only remain in a span of line breaks.
        lines.t.push(`${t}\t${tag} ${spans}\t${text.replace(/\n/g, ' ')}\n`);
        for (const [name, value] of Object.entries(sortedAttributes(row.attributes))) {
          noteAttribute(name, tag, value);
          lines.a.push(`A${++a}\t${name} ${t} ${valueToken(value)}\n`);
        }
        if (row.status !== 'accepted') {
          noteAttribute('status', tag, row.status);
          lines.a.push(`A${++a}\tstatus ${t} ${row.status}\n`);
        }
        if (row.entity_id)
          lines.n.push(`N${++n}\tReference ${t} ${ENTITY_DB}:${row.entity_id}\t${oneLine(row.entity_name)}\n`);
        if (row.claim_id)
          lines.n.push(`N${++n}\tReference ${t} ${CLAIM_DB}:${row.claim_id}\t${oneLine(row.claim_summary)}\n`);
        if (row.note) lines.notes.push(`#${++note}\tAnnotatorNotes ${t}\t${escapeNote(row.note)}\n`);
        // Where brat's line-break split changed the fragments, keep the exact ones (code points).
        const split =
          segments.length !== fragments.length ||
          segments.some((g, k) => g.start !== fragments[k]?.start || g.end !== fragments[k]?.end);
        record.T[t] = [
          row.id,
          row.author,
          row.created_at,
          row.updated_at,
          ...(split ? [fragments.map((f) => [cp(f.start), cp(f.end)])] : []),
        ];
      });
      let r = 0;
      for (const rel of doc.relations) {
        const from = tOf.get(rel.from_id);
        const to = tOf.get(rel.to_id);
        relationTypes.add(rel.type);
        if (from && to) {
          const id = `R${++r}`;
          lines.r.push(`${id}\t${rel.type} Arg1:${from} Arg2:${to}\n`);
          if (rel.note) lines.notes.push(`#${++note}\tAnnotatorNotes ${id}\t${escapeNote(rel.note)}\n`);
          // brat has no attributes on relations: each one is a comment of its own type.
          for (const [name, value] of Object.entries(sortedAttributes(rel.attributes))) {
            lines.notes.push(`#${++note}\t${ATTRIBUTE_NOTE}${name} ${id}\t${escapeNote(value)}\n`);
          }
          record.R[id] = [rel.id, rel.author, rel.created_at];
        } else {
          record.links.push({
            id: rel.id,
            head: rel.from_id,
            child: rel.to_id,
            type: rel.type,
            attributes: sortedAttributes(rel.attributes),
            note: rel.note,
            author: rel.author,
            created_at: rel.created_at,
          });
        }
      }
      ctx.facts.relations += doc.relations.length;
      ann.write(lines.t.join('') + lines.r.join('') + lines.a.join('') + lines.n.join('') + lines.notes.join(''));
      side.write(JSON.stringify(record) + '\n');
      await closeInto(ctx.facts, txt, `${base}.txt`);
      await closeInto(ctx.facts, ann, `${base}.ann`);
      await side.pump();
    },
    end: async () => {
      await closeInto(ctx.facts, side, SIDE_FILE);
      const conf = ctx.outputs.open('annotation.conf');
      const attributeLines = [...attributes.entries()]
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([name, { labels, values }]) => {
          const args = name === 'status' ? '<ENTITY>' : [...labels].sort().join('|');
          return `${name}\tArg:${args}, Value:${[...values].sort().join('|')}\n`;
        });
      conf.write(
        `# Written by ${GENERATOR_NAME} ${APP_VERSION}: the tagset of this dataset (see manifest.json for the full labels).\n` +
          '[entities]\n' +
          ctx.tagset.map((l) => `${l.tag}\n`).join('') +
          '\n[relations]\n' +
          '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n' +
          [...relationTypes]
            .sort()
            .map((type) => `${type}\tArg1:<ENTITY>, Arg2:<ENTITY>\n`)
            .join('') +
          '\n[events]\n\n[attributes]\n' +
          attributeLines.join(''),
      );
      await closeInto(ctx.facts, conf, 'annotation.conf');
      const visual = ctx.outputs.open('visual.conf');
      visual.write(
        '[labels]\n' +
          ctx.tagset.map((l) => `${l.tag} | ${oneLine(l.name)}\n`).join('') +
          '\n[drawing]\n' +
          ctx.tagset.map((l) => `${l.tag}\tbgColor:${l.color}\n`).join(''),
      );
      await closeInto(ctx.facts, visual, 'visual.conf');
    },
  };
}
