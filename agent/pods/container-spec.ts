/**
 * Pod container -> runtime ContainerSpec (name, labels, env, command, ports, limits). Pure:
 * quantities are parsed with api/quantity.ts, once, here.
 */
import { cpuMillis, memoryBytes } from '../../api/quantity.js';
import type { Container, ContainerPort, Pod } from '../../api/types.js';
import { LABEL_POD_IP } from '../runtime/labels.js';
import { containerLabels, containerName } from '../runtime/naming.js';
import type { ContainerSpec, PortBinding, PortSpec } from '../runtime/runtime.js';
import type { ContainerScope } from '../runtime/scope.js';

/** Docker (like Linux) limits a hostname to 63 characters. */
const MAX_HOSTNAME = 63;

/** The pod's address and how its ports are published there (pod-network.ts). */
export interface PodAddress {
  podIP: string;
  bindings(port: ContainerPort): PortBinding[];
}

/**
 * The spec of instance `restartCount` of `container` in `pod`, run by the agent of `scope` (node +
 * cluster), publishing its ports at `address`.
 */
export function toContainerSpec(pod: Pod, container: Container, scope: ContainerScope, restartCount: number, address: PodAddress): ContainerSpec {
  const limits = container.resources?.limits ?? {};
  const hostname = (pod.spec.hostname ?? pod.metadata.name ?? '').slice(0, MAX_HOSTNAME);
  const ports = toPortSpecs(container, address);
  return {
    name: containerName(pod, container.name, restartCount),
    image: container.image,
    labels: { ...containerLabels(pod, container.name, scope, restartCount), [LABEL_POD_IP]: address.podIP },
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
function toPortSpecs(container: Container, address: PodAddress): PortSpec[] {
  const out: PortSpec[] = [];
  for (const p of container.ports ?? []) {
    const protocol = (p.protocol ?? 'TCP').toUpperCase();
    if (protocol !== 'TCP' && protocol !== 'UDP') continue;
    out.push({ containerPort: p.containerPort, protocol: protocol === 'TCP' ? 'tcp' : 'udp', bindings: address.bindings(p) });
  }
  return out;
}
