/**
 * Plumbing for bench/ingress-proxy.ts: installing nginx and wrk when missing, child processes that
 * are always killed (by pid) on the way out, nginx configurations confined to a temp prefix and
 * loopback, and wrk output parsing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Every child the bench started; killAll() ends them by pid. */
const children = new Set<ChildProcess>();

/** Kills every child still running (SIGTERM, then SIGKILL for stragglers). Synchronous, so it works in 'exit'. */
export function killAll(): void {
  for (const c of children) {
    if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) {
      try { process.kill(c.pid, 'SIGTERM'); } catch { /* already gone */ }
    }
  }
}

/** Sends SIGKILL to children that ignored SIGTERM for `graceMs`. */
export async function reapAll(graceMs = 2000): Promise<void> {
  killAll();
  const deadline = Date.now() + graceMs;
  for (const c of children) {
    while (c.exitCode === null && c.signalCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) {
      try { process.kill(c.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }
  children.clear();
}

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore', env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } }).status === 0;
}

/** Installs nginx-light and wrk with apt-get when nginx or wrk is missing (we run as root). */
export function ensureTools(): { taskset: boolean } {
  if (!onPath('nginx') || !onPath('wrk')) {
    console.log('installing nginx-light and wrk (apt-get)...');
    const install = (): number | null => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx-light', 'wrk'], { stdio: 'inherit' }).status;
    if (install() !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit' });
      if (install() !== 0) throw new Error('could not install nginx-light and wrk with apt-get');
    }
  }
  const taskset = onPath('taskset');
  if (!taskset) console.log('taskset not found: processes will not be pinned to cores');
  return { taskset };
}

/** A free TCP port on 127.0.0.1 (bound, then released). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * Scheduling priority for everything the bench starts (set by setPriority). Every target gets the
 * same, so the comparison stays fair; a raised priority keeps unrelated busy processes from
 * inflating the latency percentiles.
 */
let niceness = 0;

/** Makes later startPinned() children run at `nice` (negative raises priority; needs root). */
export function setPriority(nice: number): void {
  niceness = nice;
}

/** Runs `cmd args` pinned to `core` (when taskset exists) and tracks it for killAll. */
export function startPinned(core: number | null, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const pinned = core === null ? [cmd, ...args] : ['taskset', '-c', String(core), cmd, ...args];
  const argv = niceness === 0 ? pinned : ['nice', '-n', String(niceness), ...pinned];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
  children.add(child);
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${path.basename(cmd)}] ${d.toString()}`));
  return child;
}

/** Waits until something accepts connections on 127.0.0.1:port. */
export async function waitForPort(port: number, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Writes an nginx configuration under `dir` (its own pid, logs and temp paths; loopback only) and
 * returns its path. `server` is the body of one server block listening on 127.0.0.1:port.
 */
export function nginxConf(dir: string, port: number, upstream: string, server: string): string {
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const conf = `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  ${upstream}
  server {
    listen 127.0.0.1:${port};
    ${server}
  }
}
`;
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, conf);
  return file;
}

/** One wrk reading. */
export interface WrkResult { rps: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number }

function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : n * 1000;
}

/** Parses `wrk --latency` output. */
export function parseWrk(out: string): WrkResult {
  const num = (re: RegExp): number => Number(re.exec(out)?.[1] ?? NaN);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: toMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? ''),
    p99Ms: toMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? ''),
    errors: socket ? socket.slice(1).reduce((a, s) => a + Number(s), 0) : 0,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
  };
}

/** Runs wrk (pinned to `core`) against url and parses it. */
export async function runWrk(core: number | null, url: string, connections: number, seconds: number): Promise<WrkResult> {
  const child = startPinned(core, 'wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url]);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  const [code] = (await once(child, 'exit')) as [number | null];
  children.delete(child);
  if (code !== 0) throw new Error(`wrk exited with ${String(code)}: ${out}`);
  return parseWrk(out);
}

function cpuTimes(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'latin1').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, x) => a + x, 0);
  return { busy: total - idle, total };
}

/**
 * How busy the machine is without us (0..1 of all cores), sampled over `ms`: other processes on
 * these cores inflate every p99 in the table, so the bench reports it. NaN where /proc is missing.
 */
export async function backgroundLoad(ms = 1000): Promise<number> {
  try {
    const a = cpuTimes();
    await new Promise((r) => setTimeout(r, ms));
    const b = cpuTimes();
    return (b.busy - a.busy) / Math.max(1, b.total - a.total);
  } catch {
    return NaN;
  }
}

/** The median of numbers (NaN for none). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
