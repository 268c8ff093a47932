/**
 * Store throughput: creates per second for the lowdb store with 0, 5000 and 20000 objects already
 * stored and 1 or 64 concurrent writers, next to the memory store as the baseline.
 *
 * Run: npx tsc -p . && node dist/bench/store-throughput.js   (about 15-25 s)
 *
 * With one writer every lowdb create waits for a whole-file rewrite plus two fsyncs, so that column
 * falls as the file grows; with 64 writers group commit shares each rewrite among the waiting writes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../api/types.js';
import { createLowdbStore } from '../apiserver/storage/lowdb.js';
import { createMemoryStore } from '../apiserver/storage/memory.js';
import type { Store } from '../apiserver/storage/store.js';

const SIZES = [0, 5000, 20000];
const CONCURRENCY = [1, 64];
const BUDGET_MS = 800;

/** A pod of realistic size (about 450 bytes of JSON). */
function makePod(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'bench', uid: `uid-${name}`, labels: { app: 'web', tier: 'frontend' }, creationTimestamp: new Date(0).toISOString() },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
    status: { phase: 'Pending' },
  };
}

async function prefill(store: Store, count: number): Promise<void> {
  const batch = 5000;
  for (let start = 0; start < count; start += batch) {
    const names = Array.from({ length: Math.min(batch, count - start) }, (_, i) => `seed-${start + i}`);
    await Promise.all(names.map((name) => store.create(`/pods/seed/${name}`, makePod(name))));
  }
}

/** Creates per second with `concurrency` writers looping for BUDGET_MS. */
async function measure(store: Store, concurrency: number): Promise<number> {
  let next = 0;
  let done = 0;
  const started = performance.now();
  const stopAt = started + BUDGET_MS;
  const writer = async (): Promise<void> => {
    while (performance.now() < stopAt) {
      const name = `bench-${next++}`;
      await store.create(`/pods/bench/${name}`, makePod(name));
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, writer));
  return done / ((performance.now() - started) / 1000);
}

async function measureMemory(size: number, concurrency: number): Promise<number> {
  const store = createMemoryStore();
  await prefill(store, size);
  const rate = await measure(store, concurrency);
  await store.close();
  return rate;
}

async function measureLowdb(size: number, concurrency: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'tugboat-bench-'));
  try {
    const store = await createLowdbStore({ file: join(dir, 'store.json') });
    await prefill(store, size);
    const rate = await measure(store, concurrency);
    await store.close();
    return rate;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await measureMemory(1000, 64); // warm up the JIT
  console.log('existing  writers  memory creates/s  lowdb creates/s  lowdb/memory');
  for (const size of SIZES) {
    for (const concurrency of CONCURRENCY) {
      const memory = await measureMemory(size, concurrency);
      const lowdb = await measureLowdb(size, concurrency);
      console.log([
        String(size).padStart(8), String(concurrency).padStart(8), memory.toFixed(0).padStart(17),
        lowdb.toFixed(0).padStart(16), (lowdb / memory).toFixed(4).padStart(13),
      ].join(' '));
    }
  }
}

await main();
