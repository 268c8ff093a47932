/**
 * Durability of the real API server process (dist/apiserver/main.js, lowdb store): SIGKILL it in
 * the middle of a burst of concurrent creates, start it again on the same data dir, and every
 * create that was acknowledged (201) must be there, in a store that opens cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigMap } from '../../api/types.js';
import { ApiClient } from '../../client/client.js';
import { loadKubeconfig } from '../../client/kubeconfig.js';
import { exited, requireBuilt } from '../support/cluster-process.js';
import { waitFor } from '../support/wait.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'tugboat-crash-'));
let proc: ChildProcess | undefined;

async function startServer(): Promise<ApiClient> {
  const kubeconfig = join(dataDir, 'kubeconfig');
  if (existsSync(kubeconfig)) unlinkSync(kubeconfig);
  let out = '';
  proc = spawn(process.execPath, ['dist/apiserver/main.js', '--port', '0', '--data-dir', dataDir], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stderr?.on('data', (c: Buffer) => { out += c.toString(); });
  const p = proc;
  await waitFor(() => {
    if (p.exitCode !== null) throw new Error(`API server exited ${p.exitCode}: ${out}`);
    return existsSync(kubeconfig);
  }, { timeoutMs: 20_000, message: 'API server up' });
  return new ApiClient(loadKubeconfig(kubeconfig));
}

function configMap(name: string): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { payload: 'x'.repeat(200) } };
}

/** Creates from `writers` concurrent loops until `stop` is set; records acknowledged names and their resourceVersions. */
async function burst(client: ApiClient, round: number, acked: Map<string, number>, stop: { now: boolean }): Promise<void> {
  let seq = 0;
  await Promise.all(Array.from({ length: 32 }, async (_, w) => {
    while (!stop.now) {
      const name = `r${round}-w${w}-${seq++}`;
      try {
        const created = await client.create(configMap(name));
        acked.set(name, Number(created.metadata.resourceVersion));
      } catch {
        return; // the server is gone: this create was never acknowledged
      }
    }
  }));
}

afterAll(async () => {
  if (proc && proc.exitCode === null) { proc.kill('SIGKILL'); await exited(proc); }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 of the API server during a burst of creates', () => {
  it('loses no acknowledged write and leaves a readable store, three times over', async () => {
    requireBuilt();
    const acked = new Map<string, number>();
    for (let round = 1; round <= 3; round++) {
      const client = await startServer();
      const stop = { now: false };
      const before = acked.size;
      const writing = burst(client, round, acked, stop);
      await waitFor(() => acked.size >= before + 300, { timeoutMs: 30_000, message: '300 acknowledged creates' });
      proc?.kill('SIGKILL');
      stop.now = true;
      await writing;
      if (proc) await exited(proc);
      client.close();
    }
    const client = await startServer();
    const names = new Set((await client.list<ConfigMap>('ConfigMap', 'default')).items.map((c) => c.metadata.name));
    const lost = [...acked.keys()].filter((n) => !names.has(n));
    expect(lost).toEqual([]);
    // The revision counter survived too: a new write gets a resourceVersion above every acknowledged one.
    const next = await client.create(configMap('after-crashes'));
    expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(Math.max(...acked.values()));
    client.close();
  });
});
