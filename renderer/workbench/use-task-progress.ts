/**
 * The progress of one long task (an import or an export) the page started: a task id to hand to
 * the API, and the latest `progress` event for that id.
 */
import { useEffect, useRef, useState } from 'react';
import type { Events } from '../../common/contract.js';
import { useApi } from '../api/api-context.js';

let counter = 0;

export function useTaskProgress(task: Events['progress']['task']) {
  const api = useApi();
  const [progress, setProgress] = useState<Events['progress'] | null>(null);
  const taskRef = useRef<string | null>(null);

  useEffect(
    () =>
      api.on('progress', (data) => {
        if (data.taskId === taskRef.current) setProgress(data);
      }),
    [api],
  );

  /** Starts tracking a new task; returns its id. */
  function begin(total: number, message: string): string {
    const taskId = `ui-${task}-${Date.now().toString(36)}-${++counter}`;
    taskRef.current = taskId;
    setProgress({ taskId, task, done: 0, total, message });
    return taskId;
  }

  return { progress, setProgress, begin, taskRef };
}
