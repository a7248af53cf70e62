/**
 * Child process of the crash test: creates annotations in a loop on the workspace named by
 * argv[2], printing each acknowledged annotation id on its own line, until it is killed.
 */
import { createDispatcher } from '../../host/dispatcher.js';
import { listDocuments } from '../../db/documents.js';
import { openWorkspace } from '../../host/open-workspace.js';

const ws = openWorkspace({ path: process.argv[2] as string });
const dispatcher = createDispatcher(ws);
const doc = listDocuments(ws)[0];
if (!doc) throw new Error('no document');
const length = doc.length;
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const start = (i * 7) % (length - 10);
  const reply = await dispatcher.dispatch('annotations.create', {
    documentId: doc.id,
    labelId: i % 2 ? 'claim' : 'country',
    fragments: [{ start, end: start + 5 }],
    note: `crash-test ${i}`,
  });
  if (!reply.ok) throw new Error(reply.error.message);
  // Acknowledged: the transaction has committed; only now does the parent learn the id.
  process.stdout.write(`${(reply.result as { id: string }).id}\n`);
}
