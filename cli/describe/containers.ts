/**
 * The Containers section shared by Pod (with live state from containerStatuses) and by the Pod
 * Template of Deployments and ReplicaSets (spec only).
 */
import type { Container, ContainerState, ContainerStatus, Probe, ResourceList } from '../../api/types.js';
import { formatTime } from './common.js';
import type { DescribeWriter } from './writer.js';

function ports(c: Container): { ports: string; hostPorts: string; plural: boolean } {
  const list = c.ports ?? [];
  if (list.length === 0) return { ports: '<none>', hostPorts: '<none>', plural: false };
  return {
    ports: list.map((p) => `${p.containerPort}/${p.protocol ?? ''}`).join(', '),
    hostPorts: list.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', '),
    plural: list.length > 1,
  };
}

function probe(p: Probe): string {
  let action = 'unknown';
  if (p.httpGet) action = `http-get http://:${p.httpGet.port}${p.httpGet.path ?? '/'}`;
  else if (p.tcpSocket) action = `tcp-socket :${p.tcpSocket.port}`;
  else if (p.exec) action = `exec [${p.exec.command.join(' ')}]`;
  return `${action} delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
}

function resources(w: DescribeWriter, level: number, title: string, list: ResourceList | undefined): void {
  const entries = Object.entries(list ?? {}).filter((e): e is [string, string] => e[1] !== undefined).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return;
  w.line(level, `${title}:`);
  for (const [name, q] of entries) w.line(level + 1, `${name}:`, q);
}

/** Writes "State:" (or "Last State:") and its details. */
export function writeState(w: DescribeWriter, level: number, title: string, s: ContainerState | undefined): void {
  if (s?.running) {
    w.line(level, `${title}:`, 'Running');
    w.line(level + 1, 'Started:', formatTime(s.running.startedAt));
  } else if (s?.terminated) {
    const t = s.terminated;
    w.line(level, `${title}:`, 'Terminated');
    if (t.reason) w.line(level + 1, 'Reason:', t.reason);
    if (t.message) w.line(level + 1, 'Message:', t.message);
    w.line(level + 1, 'Exit Code:', String(t.exitCode));
    w.line(level + 1, 'Started:', formatTime(t.startedAt));
    w.line(level + 1, 'Finished:', formatTime(t.finishedAt));
  } else if (s?.waiting) {
    w.line(level, `${title}:`, 'Waiting');
    if (s.waiting.reason) w.line(level + 1, 'Reason:', s.waiting.reason);
  } else {
    w.line(level, `${title}:`, 'Waiting');
  }
}

function writeStatus(w: DescribeWriter, level: number, status: ContainerStatus): void {
  writeState(w, level, 'State', status.state);
  const last = status.lastState;
  if (last && (last.running || last.terminated || last.waiting)) writeState(w, level, 'Last State', last);
  w.line(level, 'Ready:', status.ready ? 'True' : 'False');
  w.line(level, 'Restart Count:', String(status.restartCount));
}

function writeContainer(w: DescribeWriter, level: number, c: Container, status: ContainerStatus | undefined): void {
  if (status?.containerID) w.line(level, 'Container ID:', status.containerID);
  w.line(level, 'Image:', c.image);
  if (status?.imageID) w.line(level, 'Image ID:', status.imageID);
  const p = ports(c);
  w.line(level, p.plural ? 'Ports:' : 'Port:', p.ports);
  w.line(level, p.plural ? 'Host Ports:' : 'Host Port:', p.hostPorts);
  if (c.command?.length) w.line(level, 'Command:', c.command.join(' '));
  if (c.args?.length) w.line(level, 'Args:', c.args.join(' '));
  if (status) writeStatus(w, level, status);
  resources(w, level, 'Limits', c.resources?.limits);
  resources(w, level, 'Requests', c.resources?.requests);
  if (c.livenessProbe) w.line(level, 'Liveness:', probe(c.livenessProbe));
  if (c.readinessProbe) w.line(level, 'Readiness:', probe(c.readinessProbe));
  const env = c.env ?? [];
  if (env.length === 0) w.line(level, 'Environment:', '<none>');
  else {
    w.line(level, 'Environment:');
    for (const e of env) w.line(level + 1, `${e.name}:`, e.value ?? '');
  }
  w.line(level, 'Mounts:', '<none>');
}

/**
 * Writes "Containers:" at `headerLevel`, then each container's name at level 1 and its fields at
 * level 2, as kubectl does for both pods and pod templates; `statuses` (pods only) adds live state.
 * `nameIndent` is the extra space kubectl puts before template container names ("   web:").
 */
export function writeContainers(w: DescribeWriter, headerLevel: number, containers: readonly Container[], statuses?: readonly ContainerStatus[], nameIndent = ''): void {
  w.line(headerLevel, 'Containers:');
  for (const c of containers) {
    w.line(1, `${nameIndent}${c.name}:`);
    writeContainer(w, 2, c, statuses?.find((s) => s.name === c.name));
  }
}
