/**
 * Runs the real thing for end-to-end tests: `node dist/cluster/main.js` (what `npm start` runs) and
 * `node dist/agent/main.js` as child processes, in a temporary data dir, on a random port, with
 * node names unique to the test run so several clusters can share one Docker engine.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiClient } from '../../client/client.js';
import { loadKubeconfig } from '../../client/kubeconfig.js';
import { waitFor } from './wait.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

export function requireBuilt(): void {
  for (const f of ['dist/cluster/main.js', 'dist/agent/main.js', 'dist/cli/main.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` (npm test does it first)`);
  }
}

export interface ClusterProcess {
  dataDir: string;
  kubeconfig: string;
  /** The ingress proxy, on a free port of 127.0.0.1 ("http://127.0.0.1:PORT"). */
  ingressUrl: string;
  client: ApiClient;
  proc: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

function collect(proc: ChildProcess): () => string {
  let out = '';
  const add = (c: Buffer): void => { out = (out + c.toString('utf8')).slice(-200_000); };
  proc.stdout?.on('data', add);
  proc.stderr?.on('data', add);
  return () => out;
}

export async function exited(proc: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`process ${proc.pid ?? '?'} did not exit within ${timeoutMs} ms`)), timeoutMs);
    proc.once('exit', () => { clearTimeout(t); resolve(); });
  });
}

/** Starts `npm start`'s cluster with `nodes` in-process agents named `<prefix>1..N`. */
export async function startClusterProcess(opts: { nodes: number; nodePrefix: string; nodeCpu?: string; nodeMemory?: string; extraArgs?: string[] }): Promise<ClusterProcess> {
  requireBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'tugboat-e2e-'));
  const args = ['dist/cluster/main.js', '--port', '0', '--data-dir', dataDir, '--nodes', String(opts.nodes), '--node-prefix', opts.nodePrefix,
    '--node-cpu', opts.nodeCpu ?? '2', '--node-memory', opts.nodeMemory ?? '2Gi', '--ingress-port', '0', ...(opts.extraArgs ?? [])];
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(proc);
  const kubeconfig = join(dataDir, 'kubeconfig');
  await waitFor(() => {
    if (proc.exitCode !== null) throw new Error(`cluster exited with ${proc.exitCode}: ${output()}`);
    return output().includes('Tugboat is running') && existsSync(kubeconfig);
  }, { timeoutMs: 30_000, message: 'cluster start' });
  const client = new ApiClient(loadKubeconfig(kubeconfig));
  const ingressUrl = /Ingress proxy: (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
  if (!ingressUrl) throw new Error(`the cluster did not start its ingress proxy: ${output()}`);
  return {
    dataDir, kubeconfig, ingressUrl, client, proc, output,
    async stop() {
      client.close();
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface AgentProcess { proc: ChildProcess; output(): string; kill(signal?: NodeJS.Signals): Promise<void> }

/** Starts `node dist/agent/main.js` joined to the cluster through its kubeconfig. */
export function startAgentProcess(kubeconfig: string, args: string[]): AgentProcess {
  const proc = spawn(process.execPath, ['dist/agent/main.js', '--kubeconfig', kubeconfig, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(proc);
  return {
    proc, output,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited(proc);
    },
  };
}

export interface CommandResult { code: number; stdout: string; stderr: string }

/** Runs a command; never throws on a non-zero exit (the result carries the code). */
export async function runCommand(cmd: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

/** kubectl with the cluster's kubeconfig and a fresh discovery cache. */
export function kubectl(c: { kubeconfig: string; dataDir: string }, args: string[], timeoutMs = 60_000): Promise<CommandResult> {
  return runCommand('kubectl', ['--cache-dir', join(c.dataDir, 'kube-cache'), ...args], { KUBECONFIG: c.kubeconfig }, timeoutMs);
}

/** tug (the compiled CLI) with the cluster's kubeconfig. */
export function tug(c: { kubeconfig: string }, args: string[], timeoutMs = 60_000): Promise<CommandResult> {
  return runCommand(process.execPath, ['dist/cli/main.js', ...args], { KUBECONFIG: c.kubeconfig }, timeoutMs);
}

/** Reads a file relative to the repository root. */
export function repoFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}
