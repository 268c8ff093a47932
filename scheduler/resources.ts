/**
 * Resource arithmetic shared by the cache and the resource plugins: what a pod requests and what a node
 * can give, in cpuMillis / memoryBytes / pods, parsed once with api/quantity.ts.
 */
import { cpuMillis, memoryBytes, parseQuantity } from '../api/quantity.js';
import type { Container, Node, Pod, ResourceList } from '../api/types.js';
import type { Resources } from './framework.js';

export const ZERO: Resources = Object.freeze({ cpuMillis: 0, memoryBytes: 0, pods: 0 });

/** kube-scheduler's defaults for a container that requests nothing (`pkg/scheduler/util/pod_resources.go`). */
export const DEFAULT_CPU_REQUEST_MILLIS = 100;
export const DEFAULT_MEMORY_REQUEST_BYTES = 200 * 1024 * 1024;
/** The kubelet's default max pods, used when a node does not report allocatable pods. */
export const DEFAULT_MAX_PODS = 110;

/** What one pod asks for: `requested` for fitting, `nonZero` for scoring. */
export interface PodRequests {
  readonly requested: Resources;
  readonly nonZero: Resources;
}

export function addResources(a: Resources, b: Resources): Resources {
  return { cpuMillis: a.cpuMillis + b.cpuMillis, memoryBytes: a.memoryBytes + b.memoryBytes, pods: a.pods + b.pods };
}

export function subtractResources(a: Resources, b: Resources): Resources {
  return { cpuMillis: a.cpuMillis - b.cpuMillis, memoryBytes: a.memoryBytes - b.memoryBytes, pods: a.pods - b.pods };
}

/** A container's request for one resource: requests, else limits (the API server defaults them too). */
function containerRequest(c: Container, resource: 'cpu' | 'memory'): string | undefined {
  return c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource];
}

/**
 * Sums a pod's container requests (requests default to limits, per container). Throws on a quantity
 * that does not parse: the API server validates them, so that is a bug upstream.
 */
export function computePodRequests(pod: Pod): PodRequests {
  let cpu = 0, mem = 0, nzCpu = 0, nzMem = 0;
  for (const c of pod.spec.containers) {
    const cpuQ = containerRequest(c, 'cpu');
    const memQ = containerRequest(c, 'memory');
    const cm = cpuQ === undefined ? 0 : cpuMillis(cpuQ);
    const mb = memQ === undefined ? 0 : memoryBytes(memQ);
    cpu += cm;
    mem += mb;
    nzCpu += cpuQ === undefined ? DEFAULT_CPU_REQUEST_MILLIS : cm;
    nzMem += memQ === undefined ? DEFAULT_MEMORY_REQUEST_BYTES : mb;
  }
  return {
    requested: { cpuMillis: cpu, memoryBytes: mem, pods: 1 },
    nonZero: { cpuMillis: nzCpu, memoryBytes: nzMem, pods: 1 },
  };
}

function quantityOr(list: ResourceList | undefined, name: string, parse: (q: string) => number, fallback: number): number {
  const q = list?.[name];
  if (q === undefined) return fallback;
  try { return parse(q); } catch { return fallback; }
}

/**
 * What a node offers: status.allocatable, else status.capacity. A missing cpu or memory counts as 0
 * (nothing that requests it fits); missing pods counts as the kubelet default of 110.
 */
export function nodeAllocatable(node: Node): Resources {
  const list = node.status?.allocatable ?? node.status?.capacity;
  return {
    cpuMillis: quantityOr(list, 'cpu', cpuMillis, 0),
    memoryBytes: quantityOr(list, 'memory', memoryBytes, 0),
    pods: Math.floor(quantityOr(list, 'pods', parseQuantity, DEFAULT_MAX_PODS)),
  };
}
