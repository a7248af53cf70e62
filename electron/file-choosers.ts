/**
 * The native file dialogs the page may ask for (docs/transport.md, "Files"). The page sends what
 * it wants (articles or a dataset of some format; a name to suggest for an export); the main
 * process shows the dialog, registers what the person chose as a grant, and answers with the
 * grant and the file's name only. The page never sees a path, and can reach no file the person
 * did not pick. Requests are untrusted and checked; Electron's dialogs come in as a parameter,
 * so this is tested with fakes.
 */
import path from 'node:path';
import type { IpcMain, OpenDialogOptions } from 'electron';
import { z } from 'zod';
import { EXPORT_FORMATS, IMPORT_FORMATS, type FileChoice } from '../common/contract.js';
import { DATASET_EXTENSIONS, DOCUMENT_EXTENSIONS, EXPORT_EXTENSIONS, REPORT_EXTENSION } from '../common/file-kinds.js';
import type { FileGrants } from '../host/file-grants.js';
import { CHOOSE_FILES_CHANNEL, CHOOSE_SAVE_CHANNEL } from './ipc-channels.js';
import { createValidatedIpcMain } from './ipc.js';
import type { NativeDialogs } from './menu-actions.js';

const chooseFilesRequest = z.strictObject({
  purpose: z.enum(['documents', 'dataset']),
  format: z.enum(IMPORT_FORMATS).optional(),
  multiple: z.boolean().optional(),
});

const chooseSaveRequest = z.strictObject({
  suggestedName: z.string().min(1).max(200),
  /** A dataset's format, or `report` (the comparison report: an .html file). */
  format: z.enum([...EXPORT_FORMATS, 'report']),
});

/** Shows the open dialog for `request`; one read grant per chosen file, or null. */
export async function chooseFiles(
  dialogs: NativeDialogs,
  grants: FileGrants,
  request: unknown,
): Promise<FileChoice[] | null> {
  const { purpose, format, multiple } = chooseFilesRequest.parse(request);
  const options: OpenDialogOptions =
    purpose === 'documents'
      ? {
          title: 'Import documents',
          buttonLabel: 'Import',
          filters: [{ name: 'Articles (.txt, .md, .html)', extensions: [...DOCUMENT_EXTENSIONS] }],
          properties: multiple === false ? ['openFile'] : ['openFile', 'multiSelections'],
        }
      : {
          title: 'Import a tagged dataset',
          buttonLabel: 'Import',
          filters: [
            { name: `${format ?? 'Dataset'} files`, extensions: [...DATASET_EXTENSIONS[format ?? 'jsonl']] },
            { name: 'All files', extensions: ['*'] },
          ],
          // A brat collection is a folder.
          properties: format === 'brat' ? ['openFile', 'openDirectory'] : ['openFile'],
        };
  const { canceled, filePaths } = await dialogs.showOpenDialog(options);
  if (canceled || filePaths.length === 0) return null;
  return filePaths.map((file) => {
    const grant = grants.grantRead(file);
    return { grant: grant.id, name: grant.name };
  });
}

/** Shows the save dialog for an export; a write grant, or null. */
export async function chooseSaveTarget(
  dialogs: NativeDialogs,
  grants: FileGrants,
  request: unknown,
  defaultFolder: string,
): Promise<FileChoice | null> {
  const { suggestedName, format } = chooseSaveRequest.parse(request);
  const extension = (format === 'report' ? REPORT_EXTENSION : EXPORT_EXTENSIONS[format]).replace(/^\./, '');
  const { canceled, filePath } = await dialogs.showSaveDialog({
    title: format === 'report' ? 'Export report' : format === 'brat' ? 'Export as a brat folder' : 'Export dataset',
    buttonLabel: 'Export',
    defaultPath: path.join(defaultFolder, path.basename(suggestedName)),
    ...(extension
      ? { filters: [{ name: format === 'report' ? 'HTML report' : `${format} files`, extensions: [extension] }] }
      : {}),
    // The dialog asks before replacing a file (Linux needs to be told); the grant then allows it.
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (canceled || !filePath) return null;
  const grant = grants.grantWrite(filePath);
  return { grant: grant.id, name: grant.name };
}

/** Answers the two dialog channels for the app's own page; returns the unregister function. */
export function registerFileChoosers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  deps: { dialogs: () => NativeDialogs; grants: FileGrants; defaultFolder: () => string },
): () => void {
  const ipc = createValidatedIpcMain(ipcMain);
  const answer = async (work: () => Promise<unknown>) => {
    try {
      return { ok: true, result: await work() } as const;
    } catch (error) {
      const message = error instanceof z.ZodError ? 'The page asked for a file dialog it cannot have.' : String(error);
      return { ok: false, error: { code: 'invalid_params', message } } as const;
    }
  };
  const offFiles = ipc.handle(CHOOSE_FILES_CHANNEL, (_event, request) =>
    answer(() => chooseFiles(deps.dialogs(), deps.grants, request)),
  );
  const offSave = ipc.handle(CHOOSE_SAVE_CHANNEL, (_event, request) =>
    answer(() => chooseSaveTarget(deps.dialogs(), deps.grants, request, deps.defaultFolder())),
  );
  return () => {
    offFiles();
    offSave();
  };
}
