/**
 * How pods on this node get addresses (issue 5, part 1). The agent asks a PodNetwork, never the
 * engine, so the address mode can change (multi-host will use the node's real address) without
 * touching pod sync.
 *
 * Loopback mode (this machine): each node owns a range inside 127.0.0.0/8 (Node.spec.podCIDR,
 * assigned by the node IPAM controller, e.g. 127.1.0.0/16); each pod gets the lowest free address
 * of it, and every container port is published on podIP:containerPort — the same number as inside
 * the container — so replicas never conflict and Endpoints carry podIP:targetPort as in
 * Kubernetes. hostPort is published on the node's address.
 *
 * An address is taken while any container on the engine carries it in its pod-ip label (any
 * node, any cluster: several clusters may share one engine and a node name), or while this agent
 * holds it for a pod that is starting. The label, not memory, is the record: an agent that
 * restarts adopts its containers and their addresses.
 */
import type { Logger } from 'pino';
import { cidrContains, firstFree, formatIPv4, parseCidr, parseIPv4 } from '../../api/cidr.js';
import type { ContainerPort, Pod } from '../../api/types.js';
import { LABEL_MANAGED, LABEL_POD_IP, MANAGED_VALUE } from '../runtime/labels.js';
import type { ContainerRuntime, PortBinding } from '../runtime/runtime.js';

/** The node's own address as pods and hostPorts see it. */
export const NODE_IP = '127.0.0.1';

/** How long an address that another process turned out to hold is skipped. */
const CONFLICT_HOLD_MS = 60_000;

/** The address mode of an agent. */
export interface PodNetwork {
  /**
   * The pod's address: the one its containers carry (`labels` of this pod's containers), else the
   * one held for it, else its stored status.podIP when still free, else the lowest free one of the
   * node's range. Undefined while the node has no pod range yet (the pod waits). Serialized:
   * concurrent calls never return one address for two pods.
   */
  assign(pod: Pod, labels: readonly Readonly<Record<string, string>>[]): Promise<string | undefined>;
  /** The pod is gone (its containers removed): forget what was held for it. Idempotent. */
  release(podUid: string): void;
  /** Forgets what is held for pods not in `liveUids` (housekeeping: pods deleted before they started). */
  retain(liveUids: ReadonlySet<string>): void;
  /** Starting at `ip` failed because something else holds it: forget it for the pod and skip it for a while. */
  conflict(podUid: string, ip: string): void;
  /** Where a container port of a pod at `podIP` is published. */
  bindings(podIP: string, port: ContainerPort): PortBinding[];
}

/** What the loopback network needs. */
export interface LoopbackNetworkDeps {
  runtime: ContainerRuntime;
  /** The node's pod range ("127.1.0.0/16"), undefined until assigned. */
  podCIDR(): string | undefined;
  now?: () => number;
  log: Logger;
}

/** The pod-ip label of a pod's containers, if any carries one. */
export function podIpOfLabels(labels: readonly Readonly<Record<string, string>>[]): string | undefined {
  for (const l of labels) if (l[LABEL_POD_IP]) return l[LABEL_POD_IP];
  return undefined;
}

/** Creates the loopback address mode. */
export function createLoopbackNetwork(deps: LoopbackNetworkDeps): PodNetwork {
  const held = new Map<string, string>(); // pod uid -> address
  const conflicts = new Map<string, number>(); // address -> until (ms)
  const now = deps.now ?? Date.now;
  let queue: Promise<unknown> = Promise.resolve();

  async function inUse(): Promise<Set<string>> {
    const listed = await deps.runtime.list({ [LABEL_MANAGED]: MANAGED_VALUE });
    const used = new Set(listed.map((c) => c.labels[LABEL_POD_IP]).filter((ip): ip is string => !!ip));
    for (const ip of held.values()) used.add(ip);
    const t = now();
    for (const [ip, until] of conflicts) { if (until > t) used.add(ip); else conflicts.delete(ip); }
    return used;
  }

  async function pick(pod: Pod, labels: readonly Readonly<Record<string, string>>[]): Promise<string | undefined> {
    const uid = pod.metadata.uid ?? '';
    const labelled = podIpOfLabels(labels);
    if (labelled) { held.set(uid, labelled); return labelled; }
    const mine = held.get(uid);
    if (mine) return mine;
    const cidrText = deps.podCIDR();
    const range = cidrText ? parseCidr(cidrText) : undefined;
    if (!range) return undefined;
    const used = await inUse();
    const previous = pod.status?.podIP;
    const prevNum = previous ? parseIPv4(previous) : undefined;
    if (previous && prevNum !== undefined && cidrContains(range, prevNum) && !used.has(previous)) {
      held.set(uid, previous);
      return previous;
    }
    // Skip the network address and .1 (a gateway by convention), and the broadcast address.
    const slot = firstFree(range.size - 3, (i) => used.has(formatIPv4(range.base + 2 + i)));
    if (slot === undefined) {
      deps.log.warn({ podCIDR: cidrText }, 'no free pod address left in the node\'s range');
      return undefined;
    }
    const ip = formatIPv4(range.base + 2 + slot);
    held.set(uid, ip);
    return ip;
  }

  return {
    assign(pod, labels) {
      const run = queue.then(() => pick(pod, labels));
      queue = run.catch(() => undefined);
      return run;
    },
    release(uid) { held.delete(uid); },
    retain(live) { for (const uid of held.keys()) if (!live.has(uid)) held.delete(uid); },
    conflict(uid, ip) {
      if (held.get(uid) === ip) held.delete(uid);
      conflicts.set(ip, now() + CONFLICT_HOLD_MS);
      deps.log.warn({ ip }, 'pod address already in use on this machine; picking another');
    },
    bindings(podIP, port) {
      const out: PortBinding[] = [{ hostIp: podIP, hostPort: port.containerPort }];
      if (port.hostPort) out.push({ hostIp: NODE_IP, hostPort: port.hostPort });
      return out;
    },
  };
}
