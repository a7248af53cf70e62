/**
 * Writing an export: each output file is written to a temporary name beside its destination,
 * through a buffered stream that respects back-pressure (so memory stays flat however large the
 * dataset) and hashes what it writes; `commit` renames everything into place at the end and
 * `abort` removes the temporaries, so a failed or cancelled export leaves no partial file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { ApiError } from '../../common/errors.js';

const FLUSH_AT = 1 << 20;

function tempName(finalPath: string): string {
  return path.join(
    path.dirname(finalPath),
    `.${path.basename(finalPath)}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`,
  );
}

function cannotWrite(target: string, error: unknown): ApiError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new ApiError('invalid_params', `Cannot write ${target} (${code}).`, { file: target });
}

/** One output file: buffered, back-pressured, hashed. */
export class OutputFile {
  bytes = 0;
  private readonly hash = crypto.createHash('sha256');
  private readonly stream: fs.WriteStream;
  private parts: string[] = [];
  private pending = 0;
  private failure: Error | null = null;

  constructor(
    /** Where the file ends up. */
    readonly finalPath: string,
    /** Where it is written meanwhile. */
    readonly tempPath: string,
  ) {
    this.stream = fs.createWriteStream(tempPath, { flags: 'w' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Appends text (UTF-8). Call {@link pump} regularly to let it drain. */
  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
  }

  private flush(): boolean {
    if (this.parts.length === 0) return true;
    const buffer = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    this.hash.update(buffer);
    this.bytes += buffer.length;
    return this.stream.write(buffer);
  }

  /** Writes out the buffer once it is large, waiting while the disk catches up. */
  async pump(): Promise<void> {
    if (this.failure) throw cannotWrite(this.finalPath, this.failure);
    if (this.pending < FLUSH_AT) return;
    if (!this.flush()) await once(this.stream, 'drain');
  }

  /** Flushes and closes; returns size and digest. */
  async close(): Promise<{ bytes: number; sha256: string }> {
    this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    }).catch((error: unknown) => {
      throw cannotWrite(this.finalPath, error);
    });
    if (this.failure) throw cannotWrite(this.finalPath, this.failure);
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Stops writing; resolves once the file is closed (it may be created late by a pending open). */
  async destroy(): Promise<void> {
    if (this.stream.closed) return;
    const closed = once(this.stream, 'close').catch(() => undefined);
    this.stream.destroy();
    await closed;
  }
}

/**
 * The set of files one export writes. Single files go to temporaries beside their destination; a
 * folder export (brat) is built in a temporary folder that replaces the destination at the end.
 */
export class OutputSet {
  private readonly files: OutputFile[] = [];
  private readonly scratches: string[] = [];
  /** Scratch files being written (closed on abort). */
  private readonly extra: OutputFile[] = [];
  private readonly folder: { finalPath: string; tempPath: string } | null;

  private constructor(folder: { finalPath: string; tempPath: string } | null) {
    this.folder = folder;
  }

  /** For exports made of files beside each other. */
  static files(): OutputSet {
    return new OutputSet(null);
  }

  /**
   * For a folder export. The destination must not exist, be an empty folder, or hold an earlier
   * export (`isOurs` says so); anything else is refused rather than overwritten.
   */
  static folder(finalPath: string, isOurs: (dir: string) => boolean): OutputSet {
    if (fs.existsSync(finalPath)) {
      const stat = fs.statSync(finalPath);
      if (!stat.isDirectory()) {
        throw new ApiError('conflict', `${finalPath} exists and is a file; a brat export writes a folder.`, {
          file: finalPath,
        });
      }
      if (fs.readdirSync(finalPath).length > 0 && !isOurs(finalPath)) {
        throw new ApiError(
          'conflict',
          `${finalPath} is a folder that holds other files; choose an empty or new folder for the brat export.`,
          { file: finalPath },
        );
      }
    }
    fs.mkdirSync(path.dirname(finalPath), { recursive: true });
    const tempPath = tempName(finalPath);
    try {
      fs.mkdirSync(tempPath);
    } catch (error) {
      throw cannotWrite(finalPath, error);
    }
    return new OutputSet({ finalPath, tempPath });
  }

  /** Opens an output file: an absolute path (file exports) or a name inside the folder. */
  open(target: string): OutputFile {
    let file: OutputFile;
    try {
      if (this.folder) {
        file = new OutputFile(path.join(this.folder.finalPath, target), path.join(this.folder.tempPath, target));
      } else {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        file = new OutputFile(target, tempName(target));
      }
    } catch (error) {
      throw cannotWrite(target, error);
    }
    this.files.push(file);
    return file;
  }

  /** A scratch file near `beside`, removed when the export commits or aborts. */
  scratch(beside: string): OutputFile {
    fs.mkdirSync(path.dirname(beside), { recursive: true });
    const scratch = tempName(beside) + '.part';
    this.scratches.push(scratch);
    const file = new OutputFile(scratch, scratch);
    this.extra.push(file);
    return file;
  }

  /** Moves everything into place. */
  commit(): void {
    for (const scratch of this.scratches) fs.rmSync(scratch, { force: true });
    try {
      if (this.folder) {
        const { finalPath, tempPath } = this.folder;
        if (fs.existsSync(finalPath)) {
          const old = tempName(finalPath);
          fs.renameSync(finalPath, old);
          fs.renameSync(tempPath, finalPath);
          fs.rmSync(old, { recursive: true, force: true });
        } else {
          fs.renameSync(tempPath, finalPath);
        }
        return;
      }
      for (const file of this.files) fs.renameSync(file.tempPath, file.finalPath);
    } catch (error) {
      void this.abort();
      throw cannotWrite(this.folder?.finalPath ?? this.files[0]?.finalPath ?? 'the export', error);
    }
  }

  /** Removes every temporary. */
  async abort(): Promise<void> {
    for (const file of [...this.files, ...this.extra]) await file.destroy();
    for (const scratch of this.scratches) fs.rmSync(scratch, { force: true });
    for (const file of this.files) if (!this.folder) fs.rmSync(file.tempPath, { force: true });
    if (this.folder) fs.rmSync(this.folder.tempPath, { recursive: true, force: true });
  }
}
