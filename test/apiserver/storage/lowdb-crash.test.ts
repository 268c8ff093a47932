/**
 * Crash test: a child process writes to a lowdb store and prints each acknowledged key; we SIGKILL it
 * mid-stream and check that every acknowledged key survived and the file still opens. Needs the
 * compiled dist/ (npm test builds it in pretest); fails, rather than skips, when it is missing or stale.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLowdbStore } from '../../../apiserver/storage/lowdb.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const writerScript = join(root, 'test/support/store-writer.mjs');
const ACKS_BEFORE_KILL = 200;
const ROUNDS = 3;
const DEADLINE_MS = 20_000;

/** Throws unless dist/apiserver/storage holds a build at least as new as every source file. */
function assertFreshBuild(): void {
  const sourceDir = join(root, 'apiserver/storage');
  for (const name of readdirSync(sourceDir).filter((n) => n.endsWith('.ts'))) {
    const built = join(root, 'dist/apiserver/storage', name.replace(/\.ts$/, '.js'));
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npx tsc -p .\` first (npm test does it in pretest)`);
    if (statSync(built).mtimeMs < statSync(join(sourceDir, name)).mtimeMs) {
      throw new Error(`${built} is older than its source: run \`npx tsc -p .\` first`);
    }
  }
}

interface Run { acked: string[]; signal: NodeJS.Signals | null; code: number | null; stderr: string }

/** Starts the writer, waits (bounded) for enough acks, SIGKILLs it and returns what it acknowledged. */
function runAndKill(file: string, prefix: string, children: ChildProcess[]): Promise<Run> {
  const child = spawn(process.execPath, [writerScript, file, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const acked: string[] = [];
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`only ${acked.length} acks within ${DEADLINE_MS} ms; stderr: ${stderr}`));
    }, DEADLINE_MS);
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? ''; // a partial last line is not an ack yet
      for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (acked.length >= ACKS_BEFORE_KILL) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ acked, signal, code, stderr });
    });
  });
}

describe('lowdb store under SIGKILL', () => {
  let dir = '';
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged create, across repeated kills of the writer', async () => {
    assertFreshBuild();
    dir = await mkdtemp(join(tmpdir(), 'tugboat-crash-'));
    const file = join(dir, 'store.json');
    const allAcked: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const run = await runAndKill(file, `/crash/r${round}/`, children);
      expect(run.signal, `writer exited on its own (code ${run.code}): ${run.stderr}`).toBe('SIGKILL');
      expect(run.acked.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
      allAcked.push(...run.acked);

      const store = await createLowdbStore({ file });
      const missing: string[] = [];
      for (const key of allAcked) if (!(await store.get(key))) missing.push(key);
      expect(missing, `round ${round}: acknowledged but lost`).toEqual([]);
      expect(store.currentRevision()).toBeGreaterThanOrEqual(allAcked.length);
      await store.close();
    }
  }, 60_000);
});
