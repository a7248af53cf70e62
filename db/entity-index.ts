/**
 * The entity index: every entity with how often it is mentioned, and per document how often and
 * under which names (the surface forms, i.e. the mentions' quotes): ISIS in one outlet, Daesh in
 * another.
 *
 * Three set-based statements whatever the corpus: the entities, the mentions grouped by entity,
 * document and quote (read from the `annotation_by_entity_document` index alone), and the
 * documents they fall in. Mentions of every status count, as in an entity's `mentionCount`.
 *
 * A page (`limit`, `offset`) costs one more statement, the mention count of each entity (from
 * the `annotation_by_entity` index alone), which puts the entities in order before the page's
 * entities alone have their mentions grouped: at 500 entities over 10,000 documents the whole
 * index is about 500,000 (entity, document) entries, a page of 20 about 20,000.
 */
import type { ParsedParamsOf } from '../common/contract.js';
import type { EntityIndexEntry, EntityType } from '../common/domain.js';
import { prepare } from './connection.js';
import { mapIn } from './grouping.js';
import type { Workspace } from './workspace.js';

/** A name as the index compares it: NFC, lower case. */
function folded(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * The entity index (`entities.index`): entities of `type`, whose name or an alias contains
 * `query` (case-insensitive, NFC), most mentioned first, then by name. Each document entry
 * comes in publication order; its names most used first.
 */
export function entityIndex(ws: Workspace, params: ParsedParamsOf<'entities.index'>): EntityIndexEntry[] {
  const rows = (
    params.type === undefined
      ? prepare(ws.db, 'SELECT id, name, type, aliases FROM entity').all()
      : prepare(ws.db, 'SELECT id, name, type, aliases FROM entity WHERE type = ?').all(params.type)
  ) as Array<{ id: string; name: string; type: EntityType; aliases: string }>;
  const query = folded(params.query?.trim() ?? '');
  const ids = params.ids ? new Set(params.ids) : null;
  let entities = rows
    .map((r) => ({ id: r.id, name: r.name, type: r.type, aliases: JSON.parse(r.aliases) as string[] }))
    .filter((e) => !query || [e.name, ...e.aliases].some((name) => folded(name).includes(query)))
    .filter((e) => ids === null || ids.has(e.id));
  if (entities.length === 0) return [];

  let everything = entities.length === rows.length && params.type === undefined;
  if (params.limit !== undefined || params.offset !== undefined) {
    const counts = new Map(
      (
        (everything
          ? prepare(
              ws.db,
              'SELECT entity_id, count(*) AS n FROM annotation WHERE entity_id IS NOT NULL GROUP BY entity_id',
            ).all()
          : prepare(
              ws.db,
              `SELECT entity_id, count(*) AS n FROM annotation
                WHERE entity_id IN (SELECT value FROM json_each(?)) GROUP BY entity_id`,
            ).all(JSON.stringify(entities.map((e) => e.id)))) as Array<{ entity_id: string; n: number }>
      ).map((c) => [c.entity_id, c.n]),
    );
    const offset = params.offset ?? 0;
    entities = entities
      .map((entity) => ({ entity, mentionCount: counts.get(entity.id) ?? 0 }))
      .sort(byMentions)
      .slice(offset, offset + (params.limit ?? entities.length))
      .map((e) => e.entity);
    if (entities.length === 0) return [];
    everything = false;
  }

  const groups = (
    everything
      ? prepare(
          ws.db,
          `SELECT entity_id, document_id, quote, count(*) AS n FROM annotation
            WHERE entity_id IS NOT NULL GROUP BY entity_id, document_id, quote`,
        ).all()
      : prepare(
          ws.db,
          `SELECT entity_id, document_id, quote, count(*) AS n FROM annotation
            WHERE entity_id IN (SELECT value FROM json_each(?)) GROUP BY entity_id, document_id, quote`,
        ).all(JSON.stringify(entities.map((e) => e.id)))
  ) as Array<{ entity_id: string; document_id: string; quote: string; n: number }>;

  const documentIds = [...new Set(groups.map((g) => g.document_id))];
  const documents = new Map(
    (
      prepare(
        ws.db,
        // `+id`: from the covering index document_by_date, not one table row (a page) per document.
        `SELECT id, title, outlet, row_number() OVER (ORDER BY published_at IS NULL, published_at, title, id) AS rank
           FROM document WHERE +id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(documentIds)) as Array<{ id: string; title: string; outlet: string | null; rank: number }>
    ).map((d) => [d.id, d]),
  );

  /** entity id → document id → quote → count. */
  const counts = new Map<string, Map<string, Map<string, number>>>();
  for (const g of groups) mapIn(mapIn(counts, g.entity_id), g.document_id).set(g.quote, g.n);
  const entries = entities.map((entity): EntityIndexEntry => {
    const perDocument = [...(counts.get(entity.id) ?? new Map<string, Map<string, number>>()).entries()]
      .map(([documentId, names]) => {
        const doc = documents.get(documentId);
        return {
          rank: doc?.rank ?? 0,
          documentId,
          title: doc?.title ?? '',
          outlet: doc?.outlet ?? null,
          count: [...names.values()].reduce((sum, n) => sum + n, 0),
          names: [...names.entries()].sort(([a, x], [b, y]) => y - x || compare(a, b)).map(([name]) => name),
        };
      })
      .sort((a, b) => a.rank - b.rank)
      .map(({ rank: _rank, ...d }) => d);
    return {
      entity,
      mentionCount: perDocument.reduce((sum, d) => sum + d.count, 0),
      documents: perDocument,
    };
  });
  return entries.sort(byMentions);
}

/** Most mentioned first, then by name, then by id. */
function byMentions(
  a: { mentionCount: number; entity: { name: string; id: string } },
  b: { mentionCount: number; entity: { name: string; id: string } },
): number {
  return (
    b.mentionCount - a.mentionCount || a.entity.name.localeCompare(b.entity.name) || compare(a.entity.id, b.entity.id)
  );
}

/** Code-unit order, the same in every locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
