/**
 * Tagged datasets: export to and import from JSONL, W3C Web Annotation, brat, CoNLL, CSV and
 * the formats of other tools. (Being built: see issue 4.)
 */
import type { ParsedParamsOf, ResultOf } from '../../common/contract.js';
import { ApiError } from '../../common/errors.js';
import type { Workspace } from '../workspace.js';

export interface TaskContext {
  taskId: string;
  isCancelled: () => boolean;
}

export function exportDataset(
  _workspace: Workspace,
  _params: ParsedParamsOf<'datasets.export'>,
  _context: TaskContext,
): Promise<ResultOf<'datasets.export'>> {
  return Promise.reject(new ApiError('internal', 'Dataset export is not available yet.'));
}

export function importDataset(
  _workspace: Workspace,
  _params: ParsedParamsOf<'datasets.import'>,
  _context: TaskContext,
): Promise<ResultOf<'datasets.import'>> {
  return Promise.reject(new ApiError('internal', 'Dataset import is not available yet.'));
}
