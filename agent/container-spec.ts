/**
 * Pod container -> runtime ContainerSpec (name, labels, env, command, ports, limits). Pure:
 * quantities are parsed with api/quantity.ts, once, here.
 */
import { cpuMillis, memoryBytes } from '../api/quantity.js';
import type { Container, Pod } from '../api/types.js';
import { containerLabels, containerName } from './naming.js';
import type { ContainerSpec, PortSpec } from './runtime.js';
import type { ContainerScope } from './scope.js';

/** Docker (like Linux) limits a hostname to 63 characters. */
const MAX_HOSTNAME = 63;

/** The spec of instance `restartCount` of `container` in `pod`, run by the agent of `scope` (node + cluster). */
export function toContainerSpec(pod: Pod, container: Container, scope: ContainerScope, restartCount: number): ContainerSpec {
  const limits = container.resources?.limits ?? {};
  const hostname = (pod.spec.hostname ?? pod.metadata.name ?? '').slice(0, MAX_HOSTNAME);
  const ports = toPortSpecs(container);
  return {
    name: containerName(pod, container.name, restartCount),
    image: container.image,
    labels: containerLabels(pod, container.name, scope, restartCount),
    env: Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? ''])),
    ...(container.command?.length ? { command: [...container.command] } : {}),
    ...(container.args?.length ? { args: [...container.args] } : {}),
    ...(container.workingDir ? { workingDir: container.workingDir } : {}),
    ...(ports.length ? { ports } : {}),
    ...(limits.memory !== undefined ? { memoryBytes: memoryBytes(limits.memory) } : {}),
    ...(limits.cpu !== undefined ? { nanoCpus: cpuMillis(limits.cpu) * 1_000_000 } : {}),
    ...(hostname ? { hostname } : {}),
  };
}

/** TCP and UDP container ports (SCTP has no loopback publishing here and is skipped). */
function toPortSpecs(container: Container): PortSpec[] {
  const out: PortSpec[] = [];
  for (const p of container.ports ?? []) {
    const protocol = (p.protocol ?? 'TCP').toUpperCase();
    if (protocol === 'TCP') out.push({ containerPort: p.containerPort, protocol: 'tcp' });
    else if (protocol === 'UDP') out.push({ containerPort: p.containerPort, protocol: 'udp' });
  }
  return out;
}
