/**
 * Prodigy JSONL (`prodigy db-out`): `{"text", "spans": [{"start", "end", "label", "text"?}],
 * "relations": [{"head_span", "child_span", "label"}], "answer", "meta"}`.
 *
 * Offsets are character offsets (code points); a span's `text`, when present, must match. `answer`
 * `accept` (or none) imports the spans as accepted, `reject` as rejected, `ignore` skips the
 * record. Entity-linking records (`options` + `accept` holding one knowledge-base id) link their
 * spans to the entity with that external id. Relation labels become snake_case relation types.
 */
import path from 'node:path';
import type { ImportSink } from '../import-sink.js';
import { readJsonRecords } from '../input.js';
import { excerpt, invalidFile, relationTypeOf, type Where } from '../model.js';
import { at, expectArray, expectObject, expectOffset, expectString, optionalString } from '../field-checks.js';
import { canonicalFragments, checkQuote, codePointFragment, sourceDocument, type SourceText } from './common.js';

export function* readProdigy(file: string, sink: ImportSink): Generator<number> {
  for (const { value, line } of readJsonRecords(file)) {
    const where: Where = { file, line };
    const record = expectObject(value, where, 'a Prodigy task (a JSON object per line)');
    const answer = record.answer;
    if (answer === 'ignore') {
      yield 1;
      continue;
    }
    if (answer !== undefined && answer !== 'accept' && answer !== 'reject') {
      throw invalidFile(at(where, 'answer'), `expected "accept", "reject" or "ignore", found ${excerpt(answer)}.`);
    }
    const status = answer === 'reject' ? 'rejected' : 'accepted';
    const raw = expectString(record.text, at(where, 'text'), "the task's text");
    const meta =
      typeof record.meta === 'object' && record.meta !== null ? (record.meta as Record<string, unknown>) : {};
    const source: SourceText = sourceDocument(sink, raw, at(where, 'text'), {
      title: typeof meta.title === 'string' ? meta.title : null,
      origin: path.basename(file),
      metadata: {
        format: 'prodigy',
        meta,
        ...(typeof record._input_hash === 'number' ? { inputHash: record._input_hash } : {}),
      },
    });
    // Entity linking: one accepted knowledge-base id.
    let linked: string | null = null;
    if (Array.isArray(record.options) && Array.isArray(record.accept)) {
      const accepted = record.accept.filter((id): id is string => typeof id === 'string' && !id.startsWith('NIL'));
      if (accepted.length === 1) linked = accepted[0] as string;
    }
    const bySpan = new Map<string, string>();
    const annotate = (span: Record<string, unknown>, w: Where): string => {
      const start = expectOffset(span.start, at(w, 'start'));
      const end = expectOffset(span.end, at(w, 'end'));
      const label = expectString(span.label, at(w, 'label'), 'a label name');
      const key = `${start}:${end}:${label}`;
      const known = bySpan.get(key);
      if (known) return known;
      const fragment = codePointFragment(source, start, end, w);
      checkQuote(source, [fragment], optionalString(span.text, at(w, 'text')), at(w, 'text'));
      const entityId = linked ? sink.linkedEntity(linked, raw.slice(fragment.start, fragment.end), 'other', w) : null;
      const id = sink.annotation({
        where: w,
        documentId: source.docId,
        text: source.canonical.text,
        label,
        fragments: canonicalFragments(source, [fragment], w),
        status,
        entityId,
      });
      bySpan.set(key, id);
      return id;
    };
    let count = 0;
    if (record.spans !== undefined && record.spans !== null) {
      expectArray(record.spans, at(where, 'spans')).forEach((value, i) => {
        const w = at(where, `spans[${i}]`);
        annotate(expectObject(value, w), w);
        count++;
      });
    }
    if (record.relations !== undefined && record.relations !== null) {
      expectArray(record.relations, at(where, 'relations')).forEach((value, i) => {
        const w = at(where, `relations[${i}]`);
        const relation = expectObject(value, w);
        const head = annotate(
          expectObject(relation.head_span, at(w, 'head_span'), 'the head span'),
          at(w, 'head_span'),
        );
        const child = annotate(
          expectObject(relation.child_span, at(w, 'child_span'), 'the child span'),
          at(w, 'child_span'),
        );
        sink.relation({
          where: w,
          fromId: head,
          toId: child,
          type: relationTypeOf(expectString(relation.label, at(w, 'label'), 'a relation label')),
        });
      });
    }
    yield count + 1;
  }
}
