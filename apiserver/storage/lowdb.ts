/**
 * The lowdb backend: the whole store in one JSON file, rewritten durably (fsync-json-file.ts) by
 * group commit (group-commit.ts). A write is applied in memory at once and takes its revision, then
 * waits for the next file write; all writes that arrive while one file write runs share the next.
 * Only after the file write returns are their events published and their promises resolved.
 *
 * Reads see applied writes that may not be durable yet (at most one group commit's worth). If a file
 * write fails the store stops serving: memory would otherwise claim writes the disk does not have.
 *
 * One process per file: nothing locks the file against a second writer.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { CommittingStore } from './committing-store.js';
import { FsyncJsonFile } from './fsync-json-file.js';
import { GroupCommit } from './group-commit.js';
import { StoreCore, type StoreCoreOptions, type StoreSnapshot } from './store-core.js';
import { createStoreFileCodec } from './store-file-codec.js';
import type { Store, StoreEvent } from './store.js';

/** Options for createLowdbStore. */
export interface LowdbStoreOptions extends StoreCoreOptions {
  /** Path of the store file; created (with its directory) on the first write if missing. */
  file: string;
}

/**
 * Opens (or starts) the store file at `opts.file`. Rejects, never starting empty, when the file
 * exists but is unreadable or corrupt. After a reopen the revision continues from the file and watch
 * history starts empty: watching from an older revision throws Compacted.
 */
export async function createLowdbStore(opts: LowdbStoreOptions): Promise<Store> {
  const empty: StoreSnapshot = { revision: 0, objects: new Map() };
  const db = new Low<StoreSnapshot>(new FsyncJsonFile(opts.file, createStoreFileCodec()), empty);
  try {
    await db.read();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot open store file ${opts.file}: ${reason}. Refusing to start empty over it; `
      + 'repair the file or move it aside.', { cause: err });
  }
  await mkdir(dirname(opts.file), { recursive: true });
  const core = new StoreCore(opts, db.data);
  let failure: { err: unknown } | undefined;
  const commits = new GroupCommit<StoreEvent>(async (events) => {
    // After one failed file write every later one fails too, so a write reported as failed can
    // never reach the disk with a later batch.
    if (failure) throw failure.err;
    // Called at the batch cut: the snapshot holds exactly the writes of this and earlier batches.
    db.data = core.snapshot();
    try {
      await db.write();
    } catch (err) {
      failure = { err };
      throw err;
    }
    core.publish(events);
  });
  return new CommittingStore(core, {
    commit: (event) => commits.add(event),
    close: () => commits.drain(),
  });
}
