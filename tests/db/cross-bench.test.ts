/**
 * The cross-article benchmark runs (at its smallest size): every view timed at p50 and p95
 * beside its raw better-sqlite3 baseline on the same file.
 */
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { benchCross } from '../../bench/cross.js';
import { tempDir } from '../helpers.js';

it('times claims.matrix, entities.index and sources.chains beside raw SQL', { timeout: 240_000 }, async () => {
  const tmpDir = tempDir('triangulate-bench-');
  try {
    const section = await benchCross({ tmpDir, scale: 0.001, log: () => undefined });
    expect(section.title).toBe('Cross-article views');
    for (const method of ['claims.matrix', 'entities.index', 'sources.chains']) {
      for (const p of ['p50', 'p95']) {
        const row = section.rows.find((r) => r.name.startsWith(method) && r.name.includes(p));
        expect(row?.value, `${method} ${p}`).toBeGreaterThan(0);
        expect(row?.baseline, `${method} ${p}`).toBeGreaterThan(0);
      }
    }
    expect(section.notes?.[0]).toMatch(
      /^Corpus: 50 documents, 10,000 annotations, 20 claims, 20 entities, [\d,]+ relations\.$/,
    );
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
});
