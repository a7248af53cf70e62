/**
 * The parser of a brat `.ann` file: each line by its kind, `T` (text-bound, offsets in code
 * points, its stated text checked against the `.txt`), `A`/`M` (attributes), `N` (normalisations,
 * i.e. links), `#` (notes; of type `tri:NAME`, a relation's attribute), `R` (relations), `E` (events: each argument becomes a relation from
 * the trigger, typed by its role) and `*` (equivalence sets: a relation from the first member to
 * each other one). brat-import.ts turns the result into annotations and relations.
 */
import type { Fragment } from '../../../common/domain.js';
import { readLines } from '../input.js';
import { excerpt, invalidFile, type Where } from '../model.js';
import { checkQuote, codePointFragment, type SourceText } from './common.js';
import { ATTRIBUTE_NOTE, unescapeNote } from './brat-shared.js';

/** A `T` line: its id, type and raw UTF-16 fragments. */
export interface TextBound {
  id: string;
  type: string;
  raw: Fragment[];
  where: Where;
}

/** What an `.ann` file holds, by kind; targets are the ids of the `T` (or `E`) lines. */
export interface ParsedAnn {
  textBounds: TextBound[];
  /** Event id → trigger T id. */
  triggers: Map<string, string>;
  attributes: Map<string, Array<[string, string]>>;
  links: Map<string, Array<{ db: string; id: string; text: string; where: Where }>>;
  notes: Map<string, string[]>;
  /** `#` lines of type `tri:NAME`: attributes of relations (brat has none of its own). */
  commentAttributes: Map<string, Array<[string, string]>>;
  relations: Array<{ id: string; type: string; from: string; to: string; where: Where }>;
}

/**
 * Parses an `.ann` file of the document `source`. `ours`: written by Triangulate (notes are
 * unescaped).
 * @throws ApiError `invalid_file` for a malformed line, `invalid_range` for offsets that do not fit.
 */
export function parseAnn(file: string, source: SourceText, ours: boolean): ParsedAnn {
  const parsed: ParsedAnn = {
    textBounds: [],
    triggers: new Map(),
    attributes: new Map(),
    links: new Map(),
    notes: new Map(),
    commentAttributes: new Map(),
    relations: [],
  };
  const events: Array<{ id: string; args: Array<[string, string]>; where: Where }> = [];
  /** The line of each id (`*` lines have none of their own). */
  const ids = new Map<string, number>();
  /** The annotations attribute, normalisation and note lines refer to, and event triggers (`kinds`: what they may be). */
  const references: Array<{ target: string; kinds: string; where: Where }> = [];
  for (const { text, line } of readLines(file)) {
    if (!text.trim()) continue;
    const where: Where = { file, line };
    const tab = text.indexOf('\t');
    if (tab < 0) throw invalidFile(where, `expected an id, a tab and an annotation, found ${excerpt(text)}.`);
    const id = text.slice(0, tab);
    const rest = text.slice(tab + 1);
    const kind = id[0];
    if (kind !== '*') {
      const first = ids.get(id);
      if (first !== undefined) {
        throw invalidFile(
          where,
          `the id ${excerpt(id)} is used twice in this file (first on line ${first}); each annotation needs its own id.`,
        );
      }
      ids.set(id, line);
    }
    if (kind === 'T') {
      const second = rest.indexOf('\t');
      const head = second < 0 ? rest : rest.slice(0, second);
      const stated = second < 0 ? undefined : rest.slice(second + 1);
      const space = head.indexOf(' ');
      if (space < 0) throw invalidFile({ ...where, field: 'offsets' }, 'expected a type and "start end" offsets.');
      const type = head.slice(0, space);
      const raw = head
        .slice(space + 1)
        .split(';')
        .map((pair, k) => {
          const w = { ...where, field: `offsets[${k}]` };
          const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(pair);
          if (!m) throw invalidFile(w, `expected "start end", found ${excerpt(pair)}.`);
          return codePointFragment(source, Number(m[1]), Number(m[2]), w);
        });
      checkQuote(source, raw, stated, { ...where, field: 'text' }, ' ', false, (actual) => actual.replace(/\n/g, ' '));
      parsed.textBounds.push({ id, type, raw, where });
    } else if (kind === 'A' || kind === 'M') {
      const [name, target, value] = rest.trim().split(/\s+/);
      if (!name || !target) throw invalidFile(where, 'expected "Name Target [Value]".');
      references.push({ target, kinds: 'TRE', where });
      const list = parsed.attributes.get(target) ?? [];
      list.push([name, value ?? 'true']);
      parsed.attributes.set(target, list);
    } else if (kind === 'N') {
      const second = rest.indexOf('\t');
      const [, target, ref] = (second < 0 ? rest : rest.slice(0, second)).trim().split(/\s+/);
      const colon = ref?.indexOf(':') ?? -1;
      if (!target || !ref || colon <= 0) throw invalidFile(where, 'expected "Reference Target DB:ID".');
      references.push({ target, kinds: 'TRE', where });
      const list = parsed.links.get(target) ?? [];
      list.push({
        db: ref.slice(0, colon),
        id: ref.slice(colon + 1),
        text: second < 0 ? '' : rest.slice(second + 1),
        where,
      });
      parsed.links.set(target, list);
    } else if (kind === '#') {
      const second = rest.indexOf('\t');
      const [type, target] = (second < 0 ? rest : rest.slice(0, second)).trim().split(/\s+/);
      if (!type || !target) throw invalidFile(where, 'expected "AnnotatorNotes Target<TAB>text".');
      references.push({ target, kinds: 'TRE', where });
      const body = second < 0 ? '' : rest.slice(second + 1);
      if (type.startsWith(ATTRIBUTE_NOTE) && type.length > ATTRIBUTE_NOTE.length) {
        // A relation attribute, as Triangulate writes them (always escaped).
        const list = parsed.commentAttributes.get(target) ?? [];
        list.push([type.slice(ATTRIBUTE_NOTE.length), unescapeNote(body)]);
        parsed.commentAttributes.set(target, list);
        continue;
      }
      const list = parsed.notes.get(target) ?? [];
      list.push(ours ? unescapeNote(body) : body);
      parsed.notes.set(target, list);
    } else if (kind === 'R') {
      const [type, ...args] = rest.trim().split(/\s+/);
      const ends = args.map((a) => a.slice(a.indexOf(':') + 1));
      if (!type || ends.length !== 2 || !ends[0] || !ends[1])
        throw invalidFile(where, 'expected "Type Arg1:ID Arg2:ID".');
      parsed.relations.push({ id, type, from: ends[0], to: ends[1], where });
    } else if (kind === 'E') {
      const [trigger, ...args] = rest.trim().split(/\s+/);
      const triggerId = trigger?.slice(trigger.indexOf(':') + 1);
      if (!triggerId) throw invalidFile(where, 'expected "Type:Trigger Role:ID ...".');
      references.push({ target: triggerId, kinds: 'T', where });
      parsed.triggers.set(id, triggerId);
      events.push({
        id,
        args: args.map((a) => [a.slice(0, a.indexOf(':')).replace(/\d+$/, ''), a.slice(a.indexOf(':') + 1)]),
        where,
      });
    } else if (kind === '*') {
      const [type, ...members] = rest.trim().split(/\s+/);
      if (!type || members.length < 2) throw invalidFile(where, 'expected "Type ID ID ...".');
      for (const member of members.slice(1)) {
        parsed.relations.push({ id: '', type, from: members[0] as string, to: member, where });
      }
    } else {
      throw invalidFile(where, `expected a brat annotation line (T, R, E, A, M, N, # or *), found ${excerpt(text)}.`);
    }
  }
  // A line about an annotation the file does not have would be dropped: the file is refused instead.
  for (const { target, kinds, where } of references) {
    if (!ids.has(target) || !kinds.includes(target[0] as string)) {
      throw invalidFile(
        where,
        `refers to ${excerpt(target)}, which is not ${kinds === 'T' ? 'a text-bound annotation' : 'an annotation'} of this file.`,
      );
    }
  }
  for (const event of events) {
    const trigger = parsed.triggers.get(event.id) as string;
    for (const [role, arg] of event.args) {
      parsed.relations.push({ id: '', type: role || 'argument', from: trigger, to: arg, where: event.where });
    }
  }
  return parsed;
}
