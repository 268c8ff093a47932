/**
 * Apply-to-Running benchmark: time from creating an N-replica Deployment to N pods Running on a
 * 3-node local cluster, against the baseline of N raw `docker run -d` of the same image with the
 * same limits and port publishing, run on the same machine in the same script, at the same
 * concurrency (one at a time per node: 3). Prints both and the ratio (tugboat / docker; 1.0 means
 * no orchestration overhead).
 *
 *   npm run build && node dist/bench/apply-to-running.js [N=12]
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { startCluster } from '../cluster/cluster.js';
import { ApiClient } from '../client/client.js';
import { loadKubeconfig } from '../client/kubeconfig.js';
import type { Deployment, Pod } from '../api/types.js';

const exec = promisify(execFile);
const N = Number(process.argv[2] ?? process.env.BENCH_PODS ?? 12);
const CONCURRENCY = 3;
const run = randomBytes(3).toString('hex');
const LABEL = `tugboat.io/bench=${run}`;

async function docker(...args: string[]): Promise<string> {
  return (await exec('docker', args, { maxBuffer: 8 * 1024 * 1024 })).stdout.trim();
}

async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await task(next++);
  }));
}

async function rawDocker(): Promise<number> {
  const t0 = performance.now();
  await pool(N, CONCURRENCY, async (i) => {
    await docker('run', '-d', '--init', '--name', `bench-${run}-${i}`, '--label', LABEL, '--memory', '64m', '--cpus', '0.25', '-p', '127.0.0.1::8080', 'tugboat/echo:1');
  });
  const ms = performance.now() - t0;
  const ids = (await docker('ps', '-aq', '--filter', `label=${LABEL}`)).split('\n').filter(Boolean);
  if (ids.length) await docker('rm', '-f', ...ids);
  return ms;
}

async function tugboat(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tugboat-bench-'));
  const cluster = await startCluster({ dataDir, host: '127.0.0.1', port: 0, logger: pino({ level: 'warn' }), nodes: [1, 2, 3].map((i) => ({ name: `bench${run}-${i}`, cpu: '8', memory: '16Gi' })) });
  const client = new ApiClient(loadKubeconfig(cluster.kubeconfigPath));
  const ns = `bench-${run}`;
  try {
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const d: Deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bench', namespace: ns },
      spec: { replicas: N, selector: { matchLabels: { app: 'bench' } }, template: { metadata: { labels: { app: 'bench' } }, spec: { containers: [{ name: 'echo', image: 'tugboat/echo:1', ports: [{ containerPort: 8080 }], resources: { limits: { memory: '64Mi', cpu: '250m' } } }] } } },
    };
    const t0 = performance.now();
    await client.create(d);
    for (;;) {
      const pods = (await client.list<Pod>('Pod', ns)).items;
      if (pods.filter((p) => p.status?.phase === 'Running').length >= N) break;
      if (performance.now() - t0 > 120_000) throw new Error('pods not Running within 120 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const ms = performance.now() - t0;
    await client.delete('Deployment', ns, 'bench');
    for (const t = performance.now(); performance.now() - t < 60_000;) {
      if ((await docker('ps', '-aq', '--filter', `label=tugboat.io/pod-namespace=${ns}`)) === '') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return ms;
  } finally {
    client.close();
    await cluster.stop();
    const left = (await docker('ps', '-aq', '--filter', `label=tugboat.io/pod-namespace=${ns}`)).split('\n').filter(Boolean);
    if (left.length) await docker('rm', '-f', ...left);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const base = await rawDocker();
const tug = await tugboat();
console.log(`N=${N} pods, concurrency ${CONCURRENCY}`);
console.log(`raw docker run -d : ${base.toFixed(0)} ms (${(N / (base / 1000)).toFixed(1)} containers/s)`);
console.log(`tugboat apply->Running: ${tug.toFixed(0)} ms (${(N / (tug / 1000)).toFixed(1)} pods/s)`);
console.log(`ratio tugboat/docker: ${(tug / base).toFixed(2)}`);
process.exit(0);
