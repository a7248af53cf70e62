/**
 * Durability: a writer process is killed with SIGKILL in the middle of a stream of
 * `annotations.create` calls. Every annotation it acknowledged must be there on reopen, and the
 * file must pass `PRAGMA integrity_check`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, openTestWorkspace, type TestWorkspace } from '../helpers.js';
import { openWorkspace } from '../../host/open-workspace.js';

let t: TestWorkspace | undefined;
afterEach(() => t?.dispose());

function runAndKill(file: string, acknowledgements: number): Promise<{ acked: string[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/db/crash-writer.ts'), file], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ann_')) acked.push(line);
      if (!killed && acked.length >= acknowledgements) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (!killed) reject(new Error(`writer exited early: ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged annotation across SIGKILL', async () => {
    t = openTestWorkspace();
    const file = t.file;
    t.ws.close();
    const { acked, signal } = await runAndKill(file, 300);
    expect(signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(300);
    const ws = openWorkspace({ path: file });
    try {
      expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const present = new Set(
        (ws.db.prepare('SELECT id FROM annotation').all() as Array<{ id: string }>).map((r) => r.id),
      );
      const missing = acked.filter((id) => !present.has(id));
      expect(missing).toEqual([]);
      // The history log survived too: each acknowledged create is undoable.
      const logged = ws.db.prepare("SELECT count(*) AS n FROM history WHERE method = 'annotations.create'").get() as {
        n: number;
      };
      expect(logged.n).toBeGreaterThanOrEqual(acked.length);
    } finally {
      ws.close();
    }
  });
});
