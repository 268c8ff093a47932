/**
 * A lowdb adapter that writes crash-safely. lowdb's own JSONFile renames a temp file into place but
 * never fsyncs, so an acknowledged write can vanish on power loss. Here every write is: write a temp
 * file in the same directory, fsync it, rename it over the target, fsync the directory (so the
 * rename itself is durable). A reader therefore sees the old file or the new one, never a mix.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/** Converts the adapter's data to and from file text. `parse` throws on malformed text. */
export interface JsonCodec<T> {
  parse(text: string): T;
  stringify(data: T): string;
}

/** Thrown when the file exists but cannot be decoded: it must never be treated as empty. */
export class CorruptFileError extends Error {
  readonly file: string;
  constructor(file: string, options: { cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`${file} is not a valid store file (${reason})`, options);
    this.name = 'CorruptFileError';
    this.file = file;
  }
}

/**
 * lowdb Adapter over one file, durable on every write.
 *
 * read(): null when the file does not exist; throws CorruptFileError when it exists but does not
 * parse; rethrows any other IO error (permissions, a directory in its place). Writes are serialized:
 * a second write starts only after the first one's rename and directory fsync finished.
 */
export class FsyncJsonFile<T> implements Adapter<T> {
  private readonly tempFile: string;
  private last: Promise<void> = Promise.resolve();

  constructor(readonly file: string, private readonly codec: JsonCodec<T>) {
    // One fixed temp name: writes are serialized, and a crash's leftover is simply overwritten.
    this.tempFile = join(dirname(file), `.${basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if (isErrnoCode(err, 'ENOENT')) return null;
      throw err;
    }
    try {
      return this.codec.parse(text);
    } catch (err) {
      throw new CorruptFileError(this.file, { cause: err });
    }
  }

  /** Encodes `data` now (synchronously), then writes it durably after any write in progress. */
  write(data: T): Promise<void> {
    const text = this.codec.stringify(data);
    const result = this.last.then(() => this.replaceFile(text));
    this.last = result.catch(() => {});
    return result;
  }

  private async replaceFile(text: string): Promise<void> {
    const handle = await open(this.tempFile, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.tempFile, this.file);
    await syncDirectory(dirname(this.file));
  }
}

/** fsync a directory so a rename in it survives a crash (a no-op where the OS refuses, i.e. Windows). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (err) {
    if (!(process.platform === 'win32' && isErrnoCode(err, 'EPERM'))) throw err;
  } finally {
    await handle.close();
  }
}

function isErrnoCode(err: unknown, code: string): boolean {
  return err instanceof Error && 'code' in err && err.code === code;
}
