/**
 * doccano JSONL, in every variant doccano reads and writes for text spans:
 * - sequence labeling: `{"text", "label": [[start, end, "TAG"], …]}`;
 * - intent detection: `{"text", "entities": [[start, end, "TAG"], …], "cats": [...]}`;
 * - relation extraction: `{"text", "entities": [{"id", "start_offset", "end_offset", "label"}],
 *   "relations": [{"from_id", "to_id", "type"}]}`;
 * - import column names `column_data` / `column_label`, Flair's `data`, and records
 *   pretty-printed over several lines or wrapped in a JSON array.
 * Offsets are Unicode code points (Python string indices). Other keys become document metadata.
 */
import path from 'node:path';
import type { ImportSink } from '../import-sink.js';
import { readJsonRecords } from '../input.js';
import { excerpt, invalidFile, relationTypeOf, type Where } from '../model.js';
import { at, expectArray, expectObject, expectOffset, expectString } from '../field-checks.js';
import { canonicalFragments, codePointFragment, sourceDocument } from './common.js';

const TEXT_KEYS = ['text', 'data', 'column_data'];
const LABEL_KEYS = ['label', 'labels', 'entities', 'column_label'];

export function* readDoccano(file: string, sink: ImportSink): Generator<number> {
  for (const { value, line } of readJsonRecords(file)) {
    const where: Where = { file, line };
    const record = expectObject(value, where, 'a doccano record (a JSON object per line)');
    const textKey = TEXT_KEYS.find((k) => typeof record[k] === 'string');
    if (!textKey) {
      throw invalidFile(
        at(where, 'text'),
        `expected the example's text as a string (key "text"), found ${excerpt(record.text)}.`,
      );
    }
    const raw = record[textKey] as string;
    const labelKey = LABEL_KEYS.find((k) => record[k] !== undefined && record[k] !== null);
    const meta =
      typeof record.meta === 'object' && record.meta !== null ? (record.meta as Record<string, unknown>) : {};
    const extra = Object.fromEntries(
      Object.entries(record).filter(([k]) => k !== textKey && k !== labelKey && k !== 'relations'),
    );
    const categories: string[] = [];
    const items = labelKey ? expectArray(record[labelKey], at(where, labelKey), 'an array of spans') : [];
    for (const item of items) if (typeof item === 'string') categories.push(item);
    const source = sourceDocument(sink, raw, at(where, textKey), {
      title: typeof meta.title === 'string' ? meta.title : null,
      outlet: typeof meta.outlet === 'string' ? meta.outlet : null,
      publishedAt: typeof meta.date === 'string' ? meta.date : null,
      origin: path.basename(file),
      metadata: { format: 'doccano', ...extra, ...(categories.length ? { categories } : {}) },
    });
    const ids = new Map<string, string>();
    let count = 0;
    items.forEach((item, i) => {
      if (typeof item === 'string') return;
      const w = at(where, `${labelKey}[${i}]`);
      let start: number;
      let end: number;
      let label: string;
      let localId: unknown;
      if (Array.isArray(item)) {
        start = expectOffset(item[0], at(w, '0'));
        end = expectOffset(item[1], at(w, '1'));
        label = expectString(item[2], at(w, '2'), 'a label name');
      } else {
        const span = expectObject(item, w, 'a [start, end, label] triple or a span object');
        start = expectOffset(span.start_offset ?? span.start, at(w, 'start_offset'));
        end = expectOffset(span.end_offset ?? span.end, at(w, 'end_offset'));
        label = expectString(span.label, at(w, 'label'), 'a label name');
        localId = span.id;
      }
      const fragment = codePointFragment(source, start, end, w);
      const id = sink.annotation({
        where: w,
        documentId: source.docId,
        text: source.canonical.text,
        label,
        fragments: canonicalFragments(source, [fragment], w),
      });
      if (localId !== undefined) ids.set(String(localId), id);
      count++;
    });
    if (Array.isArray(record.relations)) {
      record.relations.forEach((value, i) => {
        const w = at(where, `relations[${i}]`);
        const relation = expectObject(value, w);
        if (relation.head !== undefined && relation.from_id === undefined) {
          throw invalidFile(
            w,
            'expected a doccano relation {from_id, to_id, type}; this one has head/child, as Triangulate and Prodigy write them: import the file with the jsonl or prodigy format.',
          );
        }
        const end = (key: 'from_id' | 'to_id') => {
          const id = ids.get(String(relation[key]));
          if (!id)
            throw invalidFile(
              at(w, key),
              `expected the id of an entity of this record, found ${excerpt(relation[key])}.`,
            );
          return id;
        };
        sink.relation({
          where: w,
          fromId: end('from_id'),
          toId: end('to_id'),
          type: relationTypeOf(expectString(relation.type, at(w, 'type'), 'a relation type')),
        });
      });
    }
    yield count + 1;
  }
}
