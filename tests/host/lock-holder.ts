/**
 * Child process of the lock tests: another program writing to the workspace. It opens the file
 * named by argv[2] with better-sqlite3 directly, takes the write lock (`BEGIN IMMEDIATE`), prints
 * "locked", and holds the lock until a line "release" arrives on stdin; then it rolls back
 * (writing nothing), prints "released" and exits.
 */
import readline from 'node:readline';
import Database from 'better-sqlite3';

const db = new Database(process.argv[2] as string);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\n');

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'release') return;
  db.exec('ROLLBACK');
  db.close();
  process.stdout.write('released\n', () => process.exit(0));
});
// The test process went away without a word: let go (exiting drops the lock).
lines.on('close', () => setTimeout(() => process.exit(0), 100));
