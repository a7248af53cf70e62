/**
 * Runs ./lock-holder.ts as another process holding the write lock of a workspace file, for the
 * tests of what the host does meanwhile.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../helpers.js';

export interface LockHolder {
  /** False until the child has rolled back and let go of the lock. */
  readonly released: boolean;
  /** Tells the child to let go; resolves once it has (and has exited). */
  release(): Promise<void>;
  /** Ends the child at once (cleanup after a failed test). */
  kill(): void;
}

/** Starts a process that holds `file`'s write lock; resolves once it holds it. */
export function holdWriteLock(file: string): Promise<LockHolder> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'tests/host/lock-holder.ts'), file],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let released = false;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    void exited.then(() => {
      if (!stdout.includes('locked')) reject(new Error(`the lock holder exited early: ${stderr}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      const before = stdout;
      stdout += chunk.toString();
      if (stdout.includes('released\n')) released = true;
      if (!before.includes('locked\n') && stdout.includes('locked\n')) {
        resolve({
          get released() {
            return released;
          },
          async release() {
            if (child.exitCode === null) child.stdin.end('release\n');
            await exited;
            if (!released) throw new Error(`the lock holder did not release the lock: ${stderr}`);
          },
          kill() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          },
        });
      }
    });
  });
}
