/**
 * Where an export may write. Never onto the workspace it reads: the workspace file, or the
 * `-wal`, `-shm` and `-journal` files beside it that SQLite needs to keep it whole (writing over
 * the log and then crashing loses acknowledged annotations). Never into something that is not a
 * regular file: opening a FIFO for writing blocks until a reader comes, a device is written into.
 * Paths are compared after resolving symbolic links, so a link to the workspace is refused too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../common/errors.js';

const SQLITE_SIDE_FILES = ['', '-wal', '-shm', '-journal'] as const;

/** `p` with the symbolic links of its longest existing ancestor resolved. */
function realPath(p: string): string {
  const rest: string[] = [];
  let dir = path.resolve(p);
  for (;;) {
    try {
      return path.join(fs.realpathSync(dir), ...rest.reverse());
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return path.resolve(p);
      rest.push(path.basename(dir));
      dir = parent;
    }
  }
}

/**
 * Refuses an export whose files (`targets`; for brat, `folder` is the folder it fills) would land
 * on the workspace or on something other than a regular file.
 * @throws ApiError `invalid_params` (field `outPath`) saying why.
 */
export function checkExportTargets(workspacePath: string, targets: readonly string[], folder?: string): void {
  if (workspacePath !== ':memory:') {
    const workspace = realPath(workspacePath);
    for (const target of targets.map(realPath)) {
      for (const side of SQLITE_SIDE_FILES) {
        if (target === workspace + side) {
          throw new ApiError(
            'invalid_params',
            `${target} is ${side ? `the ${side.slice(1)} file of ` : ''}the workspace being exported: ` +
              'writing there would destroy it. Choose another place for the export.',
            { field: 'outPath' },
          );
        }
      }
    }
    if (folder !== undefined && path.dirname(workspace) === realPath(folder)) {
      throw new ApiError(
        'invalid_params',
        `${folder} holds the workspace being exported; a brat export fills its folder. Choose an empty folder.`,
        { field: 'outPath' },
      );
    }
  }
  for (const target of targets) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target); // stat, not open: a FIFO is not opened, so nothing blocks
    } catch {
      continue; // not there yet: the export creates it
    }
    if (stat.isFile() || (target === folder && stat.isDirectory())) continue;
    throw new ApiError(
      'invalid_params',
      `${target} is not a regular file (a folder, pipe, socket or device); an export writes files only.`,
      { field: 'outPath' },
    );
  }
}
