/**
 * The workspaces opened lately, newest first, for File ▸ Open Recent (`recent-workspaces.json`
 * in the app data folder). Files that no longer exist are left out of the menu but not forgotten,
 * so a workspace on an unplugged drive comes back when the drive does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readJsonFile, writeJsonFile } from './json-store.js';

export const MAX_RECENT_WORKSPACES = 10;

/** The list in a parsed file (`{workspaces: [...]}`): absolute paths only, no duplicates, at most the maximum. */
export function parseRecentWorkspaces(value: unknown): string[] {
  const list = typeof value === 'object' && value !== null ? (value as { workspaces?: unknown }).workspaces : undefined;
  if (!Array.isArray(list)) return [];
  const paths = list.filter((p): p is string => typeof p === 'string' && path.isAbsolute(p));
  return [...new Set(paths)].slice(0, MAX_RECENT_WORKSPACES);
}

/** `list` with `file` moved (or added) to the front. */
export function withRecentWorkspace(list: readonly string[], file: string): string[] {
  const absolute = path.resolve(file);
  return [absolute, ...list.filter((p) => p !== absolute)].slice(0, MAX_RECENT_WORKSPACES);
}

export class RecentWorkspaces {
  private list: string[];

  constructor(
    private readonly file: string,
    private readonly exists: (file: string) => boolean = fs.existsSync,
  ) {
    this.list = parseRecentWorkspaces(readJsonFile(file));
  }

  /** Where the list is kept. */
  static fileIn(appDataDir: string): string {
    return path.join(appDataDir, 'recent-workspaces.json');
  }

  /** The recent workspaces that exist now, newest first. */
  existing(): string[] {
    return this.list.filter((p) => this.exists(p));
  }

  add(file: string): void {
    this.list = withRecentWorkspace(this.list, file);
    this.save();
  }

  clear(): void {
    this.list = [];
    this.save();
  }

  private save(): void {
    try {
      writeJsonFile(this.file, { workspaces: this.list });
    } catch (error) {
      console.warn(`triangulate: could not remember recent workspaces: ${(error as Error).message}`);
    }
  }
}
