/**
 * Readiness probes (kubelet's prober, reduced): httpGet and tcpSocket, dialled on 127.0.0.1 at the
 * host port the runtime published for the probed container port (agents only reach containers
 * through loopback). One worker per running container with a readinessProbe; a change of result
 * enqueues the pod, whose status then shows the container (not) ready. exec probes are not
 * supported and count as passing.
 */
import http from 'node:http';
import net from 'node:net';
import type { Logger } from 'pino';
import { objectKey, type Container, type Pod, type Probe } from '../../api/types.js';
import { instancesOf } from './instances.js';
import type { ReadinessSource } from './pod-sync.js';
import { LABEL_POD_IP } from '../runtime/labels.js';
import type { ContainerInfo } from '../runtime/runtime.js';

/** Where a probe connects: a published address of the container (loopback only). */
export interface ProbeTarget { host: string; port: number }

/** Runs one probe against `target` (undefined: the port is not published, a failure); resolves true on success. Never rejects. */
export type ProbeRunner = (probe: Probe, target: ProbeTarget | undefined, timeoutMs: number) => Promise<boolean>;

/** What the prober needs. */
export interface ProberDeps {
  /** Called with the pod key when a container's readiness changes. */
  onChange(podKey: string): void;
  log: Logger;
  /** Default: real HTTP / TCP on loopback. */
  runProbe?: ProbeRunner;
}

/** Readiness probing for pod sync; `stop` ends every worker. */
export interface Prober extends ReadinessSource {
  stop(): void;
}

/** Seconds as a timer delay: Node timers fire at once past 2^31-1 ms, so a huge period would spin. */
const timerMs = (seconds: number): number => Math.min(seconds * 1000, 2 ** 31 - 1);

interface Worker { timer?: NodeJS.Timeout; result?: boolean; successes: number; failures: number; stopped: boolean }

/** Creates the prober. */
export function createProber(deps: ProberDeps): Prober {
  const runProbe = deps.runProbe ?? probeLoopback;
  const workers = new Map<string, Worker>();
  const byPod = new Map<string, Set<string>>();

  function stopWorker(id: string): void {
    const w = workers.get(id);
    if (w) { w.stopped = true; clearTimeout(w.timer); workers.delete(id); }
  }

  function startWorker(podKey: string, c: Container, probe: Probe, info: ContainerInfo, initial: boolean | undefined): void {
    const w: Worker = { successes: 0, failures: 0, stopped: false, ...(initial === undefined ? {} : { result: initial }) };
    workers.set(info.id, w);
    const target = probeTargetFor(c, probe, info);
    const tick = async (): Promise<void> => {
      // A runner that throws is a failed probe; a rejection here would be unhandled (`void tick()`).
      const ok = await runProbe(probe, target, timerMs(probe.timeoutSeconds ?? 1)).catch(() => false);
      if (w.stopped) return;
      if (record(w, ok, probe)) deps.onChange(podKey);
      w.timer = setTimeout(() => void tick(), timerMs(probe.periodSeconds ?? 10));
      w.timer.unref();
    };
    w.timer = setTimeout(() => void tick(), timerMs(probe.initialDelaySeconds ?? 0));
    w.timer.unref();
  }

  return {
    track(pod, containers) {
      const key = objectKey(pod);
      const wanted = new Set<string>();
      for (const c of pod.spec.containers) {
        const current = instancesOf(containers, c.name)[0];
        if (!c.readinessProbe || !current?.running) continue;
        wanted.add(current.id);
        if (!workers.has(current.id)) startWorker(key, c, c.readinessProbe, current, reportedReady(pod, c.name, current.id));
      }
      for (const id of byPod.get(key) ?? []) if (!wanted.has(id)) stopWorker(id);
      if (wanted.size > 0) byPod.set(key, wanted); else byPod.delete(key);
    },
    readiness: (id) => workers.get(id)?.result,
    stop() { for (const id of [...workers.keys()]) stopWorker(id); byPod.clear(); },
  };
}

/**
 * A container the stored status already reports ready (an agent restart adopting it) starts out
 * ready, so adoption does not flap the pod's Ready condition; anything else starts unknown.
 */
function reportedReady(pod: Pod, name: string, id: string): true | undefined {
  const s = pod.status?.containerStatuses?.find((x) => x.name === name);
  return s?.ready === true && s.containerID?.endsWith(`://${id}`) === true ? true : undefined;
}

/** Applies success/failure thresholds; returns true when the result changed. */
function record(w: Worker, ok: boolean, probe: Probe): boolean {
  if (ok) { w.successes++; w.failures = 0; } else { w.failures++; w.successes = 0; }
  const before = w.result;
  if (ok && (w.result === true || w.successes >= (probe.successThreshold ?? 1))) w.result = true;
  else if (!ok && (w.result === undefined || w.failures >= (probe.failureThreshold ?? 3))) w.result = false;
  return before !== w.result;
}

/**
 * Where the probed container port (numeric, or named in `ports`) is published: the pod's address
 * (pod-network.ts), or any loopback binding. Addresses outside 127.0.0.0/8 are never probed.
 */
export function probeTargetFor(c: Container, probe: Probe, info: ContainerInfo): ProbeTarget | undefined {
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  const containerPort = typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort ?? Number(port);
  const published = info.ports.filter((p) => p.containerPort === containerPort && p.protocol === 'tcp');
  const podIP = info.labels[LABEL_POD_IP];
  const chosen = published.find((p) => p.hostIp === podIP) ?? published.find((p) => p.hostIp.startsWith('127.') || p.hostIp === '0.0.0.0' || p.hostIp === '');
  if (!chosen) return undefined;
  return { host: chosen.hostIp.startsWith('127.') ? chosen.hostIp : '127.0.0.1', port: chosen.hostPort };
}

/**
 * The path as kubelet requests it: starting with '/', characters outside printable ASCII escaped
 * (http.get throws on a space or a control character). A lone surrogate throws URIError.
 */
function requestPath(path: string | undefined): string {
  const p = path ?? '/';
  return (p.startsWith('/') ? p : `/${p}`).replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c));
}

/** The real probe: HTTP GET (2xx/3xx passes) or a TCP connect, on loopback only. */
export const probeLoopback: ProbeRunner = (probe, target, timeoutMs) => {
  if (!probe.httpGet && !probe.tcpSocket) return Promise.resolve(true); // exec: not supported
  if (target === undefined || !target.host.startsWith('127.')) return Promise.resolve(false);
  const { host, port } = target;
  return new Promise((resolve) => {
    if (probe.httpGet) {
      const req = http.get({ host, port, path: requestPath(probe.httpGet.path), timeout: timeoutMs }, (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        resolve(code >= 200 && code < 400);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
      return;
    }
    const socket = net.connect({ host, port, timeout: timeoutMs }, () => { socket.destroy(); resolve(true); });
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
};
