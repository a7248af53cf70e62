/**
 * Label Studio JSON export for text spans: an array of tasks (or one task), each with `data` (the
 * text), `annotations` (older versions: `completions`) and `predictions`, whose `result` lists
 * regions `{"id", "type": "labels", "value": {"start", "end", "text", "labels": [...]}}` and
 * relations `{"type": "relation", "from_id", "to_id", "direction", "labels"}`.
 *
 * Offsets are code points (Label Studio stores code points since 2022). A region's `text` must
 * match, white space aside (Label Studio collapses runs of spaces in it). Annotations import as
 * accepted, predictions as proposed; cancelled annotations are skipped; each of a region's labels
 * becomes one annotation.
 */
import path from 'node:path';
import type { ImportSink } from '../import-sink.js';
import { readJsonRecords } from '../input.js';
import { excerpt, invalidFile, relationTypeOf, type Where } from '../model.js';
import { at, expectArray, expectObject, expectOffset, expectString, optionalString } from '../field-checks.js';
import { canonicalFragments, checkQuote, codePointFragment, sourceDocument } from './common.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function authorOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number') return `labelstudio-user-${value}`;
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    for (const key of ['email', 'username', 'id']) {
      if (typeof o[key] === 'string' || typeof o[key] === 'number') return String(o[key]);
    }
  }
  return undefined;
}

export function* readLabelStudio(file: string, sink: ImportSink): Generator<number> {
  for (const { value, line } of readJsonRecords(file)) {
    const where: Where = { file, line };
    const task = expectObject(value, where, 'a Label Studio task');
    const data = expectObject(task.data, at(where, 'data'), 'the task data');
    const sets: Array<{ list: unknown; key: string; status: string }> = [
      {
        list: task.annotations ?? task.completions,
        key: task.annotations ? 'annotations' : 'completions',
        status: 'accepted',
      },
      { list: task.predictions, key: 'predictions', status: 'proposed' },
    ];
    // The text: the data field the regions name (`source: "$text"`), else `text`, else the first string.
    let textKey: string | undefined;
    for (const set of sets) {
      for (const entry of Array.isArray(set.list) ? set.list : []) {
        for (const result of Array.isArray((entry as { result?: unknown })?.result)
          ? (entry as { result: unknown[] }).result
          : []) {
          const source = (result as { source?: unknown })?.source;
          if (!textKey && typeof source === 'string' && source.startsWith('$')) textKey = source.slice(1);
        }
      }
    }
    textKey ??= typeof data.text === 'string' ? 'text' : Object.keys(data).find((k) => typeof data[k] === 'string');
    if (!textKey || typeof data[textKey] !== 'string') {
      throw invalidFile(at(where, 'data.text'), 'expected the text of the task as a string.');
    }
    const raw = data[textKey] as string;
    const source = sourceDocument(sink, raw, at(where, `data.${textKey}`), {
      title: typeof data.title === 'string' ? data.title : null,
      origin: path.basename(file),
      metadata: {
        format: 'labelstudio',
        ...(typeof task.id === 'number' || typeof task.id === 'string' ? { taskId: task.id } : {}),
      },
    });
    let count = 0;
    for (const set of sets) {
      if (set.list === undefined || set.list === null) continue;
      expectArray(set.list, at(where, set.key)).forEach((entryValue, e) => {
        const w0 = at(where, `${set.key}[${e}]`);
        const entry = expectObject(entryValue, w0);
        if (entry.was_cancelled === true) return;
        const author = authorOf(entry.completed_by);
        const created =
          typeof entry.created_at === 'string' && ISO.test(entry.created_at) ? entry.created_at : undefined;
        const updated = typeof entry.updated_at === 'string' && ISO.test(entry.updated_at) ? entry.updated_at : created;
        const results = expectArray(entry.result ?? [], at(w0, 'result'));
        const regions = new Map<string, string[]>();
        results.forEach((resultValue, r) => {
          const w = at(w0, `result[${r}]`);
          const result = expectObject(resultValue, w);
          if (result.type === 'relation') return;
          const region = expectObject(result.value, at(w, 'value'), 'the value of the result');
          const labelled =
            (typeof result.type === 'string' && /labels$/i.test(result.type)) ||
            Array.isArray(region.labels) ||
            Array.isArray(region.hypertextlabels);
          if (region.start === undefined || region.end === undefined) {
            // A labelled region always has its offsets in Label Studio's text export: without them
            // the span is lost, so the file is refused rather than imported without it.
            if (labelled) {
              throw invalidFile(
                at(w, `value.${region.start === undefined ? 'start' : 'end'}`),
                `the region ${excerpt(result.id ?? r)} has labels but no start and end offsets; expected a text span [start, end).`,
              );
            }
            // Task-level results (choices, textarea, rating…) are not spans: they are not imported.
            return;
          }
          const labels = expectArray(
            region.labels ?? region.hypertextlabels ?? region[String(result.type)],
            at(w, 'value.labels'),
            'the region labels',
          );
          // A span without a label would not be imported (and relations to it would lead nowhere).
          if (labels.length === 0) {
            throw invalidFile(
              at(w, 'value.labels'),
              `the region ${excerpt(result.id ?? r)} has no labels; expected at least one label name.`,
            );
          }
          const fragment = codePointFragment(
            source,
            expectOffset(region.start, at(w, 'value.start')),
            expectOffset(region.end, at(w, 'value.end')),
            at(w, 'value'),
          );
          checkQuote(
            source,
            [fragment],
            optionalString(region.text, at(w, 'value.text')),
            at(w, 'value.text'),
            ' ',
            true,
          );
          const ids = labels.map((label, k) =>
            sink.annotation({
              where: w,
              documentId: source.docId,
              text: source.canonical.text,
              label: expectString(label, at(w, `value.labels[${k}]`), 'a label name'),
              fragments: canonicalFragments(source, [fragment], w),
              status: set.status,
              ...(author ? { author } : {}),
              ...(created ? { createdAt: created } : {}),
              ...(updated ? { updatedAt: updated } : {}),
            }),
          );
          count += ids.length;
          if (typeof result.id === 'string') regions.set(result.id, ids);
        });
        results.forEach((resultValue, r) => {
          const w = at(w0, `result[${r}]`);
          const result = resultValue as Record<string, unknown>;
          if (result.type !== 'relation') return;
          const from = regions.get(String(result.from_id));
          const to = regions.get(String(result.to_id));
          if (!from || !to) {
            throw invalidFile(
              w,
              `expected from_id and to_id naming regions of this annotation, found ${excerpt([result.from_id, result.to_id])}.`,
            );
          }
          const labels = Array.isArray(result.labels) && result.labels.length ? result.labels : ['related'];
          for (const label of labels) {
            const type = relationTypeOf(String(label));
            const pairs: Array<[string, string]> =
              result.direction === 'left'
                ? [[to[0] as string, from[0] as string]]
                : [[from[0] as string, to[0] as string]];
            if (result.direction === 'bi') pairs.push([to[0] as string, from[0] as string]);
            for (const [a, b] of pairs) {
              sink.relation({
                where: w,
                fromId: a,
                toId: b,
                type,
                ...(author ? { author } : {}),
                ...(created ? { createdAt: created } : {}),
              });
            }
          }
        });
      });
    }
    yield count + 1;
  }
}
