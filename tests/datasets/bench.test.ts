/**
 * The dataset benchmark runs (at its smallest size): every format exports and imports, each
 * figure beside its raw better-sqlite3 baseline, with peak memory.
 */
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../common/contract.js';
import { benchDatasets } from '../../bench/datasets.js';
import { tempDir } from '../helpers.js';

it('measures export and import of every format beside raw better-sqlite3', { timeout: 240_000 }, async () => {
  const tmpDir = tempDir('triangulate-bench-');
  try {
    const section = await benchDatasets({ tmpDir, scale: 0.001, log: () => undefined });
    expect(section.title).toBe('Datasets: export and import of 1,000 annotations');
    for (const format of EXPORT_FORMATS) {
      for (const op of ['export', 'import']) {
        const timed = section.rows.find((r) => r.name.startsWith(`${op} ${format}: `) && r.unit === 'ms');
        expect(timed?.value, `${op} ${format}`).toBeGreaterThan(0);
        expect(timed?.baseline).toBeGreaterThan(0);
        const memory = section.rows.find((r) => r.name === `${op} ${format}: peak RSS / peak heap (MB)`);
        expect(memory?.value).toBeGreaterThan(10);
      }
    }
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
});
