/**
 * Child process of the concurrency test: another program writing annotations to a workspace
 * through the command line's dispatcher (a `WorkerDispatcher`, the workspace in a worker thread,
 * writes retried while another connection holds the lock), in a loop.
 *
 *   node --import tsx tests/attack/annotation-writer.ts FILE COUNT PAUSE_MS
 *
 * Prints one JSON line per request as soon as it is answered: `{"id", "at"}` for an acknowledged
 * write (`at`: Date.now() when the answer came), `{"error": {code, message}, "at"}` for a refusal;
 * then "done".
 */
import { WorkerDispatcher } from '../../host/worker-dispatcher.js';

const [file, countText, pauseText] = process.argv.slice(2);
const count = Number(countText);
const pauseMs = Number(pauseText ?? 0);

const dispatcher = await WorkerDispatcher.start({ path: file as string });
const listed = await dispatcher.dispatch('documents.list', {});
if (!listed.ok) throw new Error(`documents.list failed: ${listed.error.message}`);
const documents = listed.result as Array<{ id: string }>;
for (let i = 0; i < count; i++) {
  const start = (process.pid * 7 + i * 13) % 400;
  const reply = await dispatcher.dispatch('annotations.create', {
    documentId: documents[i % documents.length]!.id,
    labelId: 'country',
    fragments: [{ start, end: start + 5 }],
  });
  const at = Date.now();
  process.stdout.write(
    JSON.stringify(reply.ok ? { id: (reply.result as { id: string }).id, at } : { error: reply.error, at }) + '\n',
  );
  if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
}
await dispatcher.close();
process.stdout.write('done\n');
