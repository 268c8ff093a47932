/**
 * The Node object the agent registers and the status it posts on every heartbeat (kubelet's
 * setNodeStatus, reduced): capacity, conditions, addresses, the log endpoint and nodeInfo. Pure.
 */
import { formatBytes, formatMillis } from '../../api/quantity.js';
import type { Node, NodeCondition, NodeStatus } from '../../api/types.js';
import { HOST_IP } from '../pods/pod-status.js';

/** What the node reports about itself. */
export interface NodeParams {
  nodeName: string;
  capacity: { cpuMillis: number; memoryBytes: number; pods: number };
  /** Extra labels (--label flags); they win over labels already on the Node. */
  labels: Record<string, string>;
  /** Port of the log server (status.daemonEndpoints.kubeletEndpoint.Port). */
  logPort: number;
  /** As ContainerRuntime.version() reports it ("docker://20.10.24"). */
  runtimeVersion: string;
  osImage: string;
  kernelVersion: string;
}

/** NodeStatus plus the fields kubelet also reports that api/types.ts does not list. */
export type AgentNodeStatus = NodeStatus & { daemonEndpoints: { kubeletEndpoint: { Port: number } } };

/** The version string this agent reports as its kubelet version. */
export const KUBELET_VERSION = 'v1.32.0-tugboat';

/** The labels every node carries, plus the configured ones. */
export function nodeLabels(params: NodeParams): Record<string, string> {
  return { 'kubernetes.io/hostname': params.nodeName, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...params.labels };
}

/**
 * The Node to write: a fresh one (with status) when `existing` is undefined, else `existing` with
 * our labels merged in and its spec (taints, unschedulable) and resourceVersion kept.
 */
export function buildNode(params: NodeParams, now: Date, existing?: Node): Node {
  if (existing) {
    return { ...existing, metadata: { ...existing.metadata, labels: { ...existing.metadata.labels, ...nodeLabels(params) } } };
  }
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: params.nodeName, labels: nodeLabels(params) },
    spec: {},
    status: computeNodeStatus(params, now),
  };
}

/** The full status; condition transition times are kept from `existing` while their status holds. */
export function computeNodeStatus(params: NodeParams, now: Date, existing?: NodeStatus): AgentNodeStatus {
  const resources = {
    cpu: formatMillis(params.capacity.cpuMillis),
    memory: formatBytes(params.capacity.memoryBytes),
    pods: String(params.capacity.pods),
  };
  return {
    capacity: resources,
    allocatable: { ...resources },
    conditions: nodeConditions(now, existing?.conditions ?? []),
    addresses: [{ type: 'InternalIP', address: HOST_IP }, { type: 'Hostname', address: params.nodeName }],
    daemonEndpoints: { kubeletEndpoint: { Port: params.logPort } },
    nodeInfo: {
      kubeletVersion: KUBELET_VERSION,
      containerRuntimeVersion: params.runtimeVersion,
      operatingSystem: 'linux',
      architecture: 'amd64',
      osImage: params.osImage,
      kernelVersion: params.kernelVersion,
    },
  };
}

function nodeConditions(now: Date, existing: readonly NodeCondition[]): NodeCondition[] {
  const ts = now.toISOString();
  const conditions: Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>[] = [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'tugboat agent is posting ready status' },
  ];
  return conditions.map((c) => {
    const old = existing.find((e) => e.type === c.type);
    const lastTransitionTime = old?.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : ts;
    return { ...c, lastHeartbeatTime: ts, lastTransitionTime };
  });
}
