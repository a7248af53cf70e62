/**
 * Labels during a dataset import. A label a file names is the workspace's label of that name
 * (matched without regard to case) or, failing that, a new one: with the id, colour and key the
 * file gives when they are well formed and free, else an id from the name, the next palette
 * colour and no key. Each label's attribute definitions are widened to accept every value the
 * file gives it; the widened definitions are written once, at the end of the pass.
 */
import type { AttributeDefinition, LabelKind } from '../../common/domain.js';
import { LABEL_KINDS } from '../../common/domain.js';
import { hasVisibleCharacter, nameKey, normalizeName } from '../../common/text.js';
import { prepare } from '../connection.js';
import { LABEL_PALETTE } from '../defaults.js';
import { newId } from '../ids.js';
import { detach, type ImportSession } from './import-session.js';
import { LIMITS, at, checkLength } from './field-checks.js';
import { excerpt, invalidFile, type Where } from './model.js';

/** A label as a file's tagset describes it. */
export interface LabelInput {
  where: Where;
  name: string;
  id?: string;
  kind?: LabelKind;
  subtype?: string | null;
  color?: string;
  key?: string | null;
  attributes?: AttributeDefinition[];
}

/** A label as the import knows it: the workspace's, or one the import creates. */
export interface ImportLabel {
  /** In `check` mode, a placeholder for a label the import would create. */
  id: string;
  name: string;
  kind: LabelKind;
  attributes: AttributeDefinition[];
  /** Created by this import. */
  created: boolean;
  /** Its attribute definitions were widened and are still to be written. */
  dirty: boolean;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;
const KEY = /^[a-z0-9]$/;

/** A label id from a name: lowercase ASCII letters and digits joined by dashes. */
function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'label'
  );
}

/** The labels of one import pass, by lowercase name. */
export class ImportLabels {
  private readonly session: ImportSession;
  private readonly byName = new Map<string, ImportLabel>();
  private count: number;
  private maxPosition: number;
  /** Labels this pass created (at most {@link LIMITS.newLabelsPerImport}). */
  private createdCount = 0;

  constructor(session: ImportSession) {
    this.session = session;
    const rows = prepare(session.db, 'SELECT id, name, kind, attributes, position FROM label').all() as Array<{
      id: string;
      name: string;
      kind: string;
      attributes: string;
      position: number;
    }>;
    for (const row of rows) {
      this.byName.set(nameKey(row.name), {
        id: row.id,
        name: row.name,
        kind: row.kind as LabelKind,
        attributes: JSON.parse(row.attributes) as AttributeDefinition[],
        created: false,
        dirty: false,
      });
    }
    this.count = rows.length;
    this.maxPosition = rows.reduce((max, r) => Math.max(max, r.position), -1);
  }

  /**
   * The label called `name`: found by name, or created (as `described` says, when given).
   * @throws ApiError `invalid_file` for a bad name or kind, a kind that differs from the
   *   workspace label's, a field over the API's limit, or one label more than an import may
   *   create ({@link LIMITS.newLabelsPerImport}).
   */
  resolve(name: string, where: Where, described?: LabelInput): ImportLabel {
    const trimmed = normalizeName(name);
    if (!trimmed || trimmed.length > LIMITS.labelName || !hasVisibleCharacter(trimmed)) {
      throw invalidFile(
        where,
        `expected a label name of 1 to ${LIMITS.labelName} characters, at least one visible, found ${excerpt(name)}.`,
      );
    }
    const existing = this.byName.get(nameKey(trimmed));
    if (existing) {
      if (described?.kind && described.kind !== existing.kind) {
        throw invalidFile(
          where,
          `the label “${trimmed}” is a ${described.kind} label in this file but a ${existing.kind} label in the workspace.`,
        );
      }
      for (const definition of described?.attributes ?? []) {
        for (const value of definition.values) this.widen(existing, definition.name, value, where);
      }
      return existing;
    }
    const kind = described?.kind ?? 'entity';
    if (!(LABEL_KINDS as readonly string[]).includes(kind)) {
      throw invalidFile(where, `expected a label kind (${LABEL_KINDS.join(', ')}), found ${excerpt(kind)}.`);
    }
    if (++this.createdCount > LIMITS.newLabelsPerImport) {
      throw invalidFile(
        where,
        `the label “${trimmed}” would be label ${this.createdCount} this import creates; one import creates at most ${LIMITS.newLabelsPerImport}. Create the tagset first, or split the file.`,
      );
    }
    checkLength(described?.subtype, LIMITS.labelSubtype, at(where, 'subtype'), 'the subtype');
    const definitions = described?.attributes ?? [];
    if (definitions.length > LIMITS.labelAttributes) {
      throw invalidFile(
        at(where, 'attributes'),
        `${definitions.length} attribute definitions; a label has at most ${LIMITS.labelAttributes} (as in the API).`,
      );
    }
    definitions.forEach((definition, i) => {
      checkLength(definition.name, LIMITS.attributeName, at(where, `attributes[${i}].name`), 'the attribute name');
      if (definition.values.length > LIMITS.attributeValues) {
        throw invalidFile(
          at(where, `attributes[${i}].values`),
          `${definition.values.length} values; an attribute has at most ${LIMITS.attributeValues} (as in the API).`,
        );
      }
      definition.values.forEach((value, j) =>
        checkLength(value, LIMITS.attributeValueName, at(where, `attributes[${i}].values[${j}]`), 'the value'),
      );
    });
    const attributes = definitions.map((a) => ({ ...a, values: [...a.values] }));
    const label: ImportLabel = {
      id: `(new) ${trimmed}`,
      name: detach(trimmed),
      kind,
      attributes,
      created: true,
      dirty: false,
    };
    if (this.session.writing) {
      const { db } = this.session;
      const taken = (id: string) => prepare(db, 'SELECT 1 FROM label WHERE id = ?').get(id) !== undefined;
      const given = described?.id;
      label.id = given && !taken(given) ? given : !taken(slug(trimmed)) ? slug(trimmed) : newId('label');
      const key =
        described?.key &&
        KEY.test(described.key) &&
        !prepare(db, 'SELECT 1 FROM label WHERE key = ?').get(described.key)
          ? described.key
          : null;
      const color =
        described?.color && COLOR.test(described.color)
          ? described.color
          : (LABEL_PALETTE[this.count % LABEL_PALETTE.length] as string);
      prepare(
        db,
        'INSERT INTO label (id, name, kind, subtype, color, key, attributes, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        label.id,
        trimmed,
        kind,
        described?.subtype ?? null,
        color,
        key,
        JSON.stringify(attributes),
        ++this.maxPosition,
      );
      this.session.records.push({ kind: 'label', id: label.id, change: 'created' });
    }
    this.count++;
    this.byName.set(detach(nameKey(trimmed)), label);
    return label;
  }

  /**
   * Makes sure the label's definitions accept `name = value`, within the API's limits: at most
   * {@link LIMITS.labelAttributes} attributes per label, {@link LIMITS.attributeValues} values per
   * attribute, {@link LIMITS.attributeValueName} characters per value.
   * @throws ApiError `invalid_file` at `where` when the file would widen a label past them
   */
  widen(label: ImportLabel, name: string, value: string, where: Where): void {
    const definition = label.attributes.find((a) => a.name === name);
    if (definition?.values.includes(value)) return;
    const what = `the label “${label.name}”`;
    if ([...value].length > LIMITS.attributeValueName) {
      throw invalidFile(
        where,
        `the ${excerpt(name)} value has ${[...value].length} characters; a value ${what} defines has at most ${LIMITS.attributeValueName} (as in the API).`,
      );
    }
    if (!definition) {
      if (label.attributes.length >= LIMITS.labelAttributes) {
        throw invalidFile(
          where,
          `${what} would get more than ${LIMITS.labelAttributes} attributes with ${excerpt(name)}; a label has at most ${LIMITS.labelAttributes} (as in the API).`,
        );
      }
      label.attributes.push({ name: detach(name), values: [detach(value)] });
    } else {
      if (definition.values.length >= LIMITS.attributeValues) {
        throw invalidFile(
          where,
          `${what} would get more than ${LIMITS.attributeValues} values for ${excerpt(name)}; an attribute has at most ${LIMITS.attributeValues} (as in the API).`,
        );
      }
      definition.values.push(detach(value));
    }
    label.dirty = true;
  }

  /** Writes the widened attribute definitions (in `write` mode; nothing in `check` mode). */
  finish(): void {
    if (!this.session.writing) return;
    for (const label of this.byName.values()) {
      if (!label.dirty) continue;
      prepare(this.session.db, 'UPDATE label SET attributes = ? WHERE id = ?').run(
        JSON.stringify(label.attributes),
        label.id,
      );
      if (!label.created) this.session.records.push({ kind: 'label', id: label.id, change: 'updated' });
    }
  }
}
