/**
 * Node IPAM (kube-controller-manager's range allocator, reduced): every Node gets a pod range of
 * /nodeMaskSize out of the cluster CIDR, one no other node holds, skipping the reserved ranges
 * (the host's own 127.0.0.0/16, the service CIDR). Pure.
 */
import { cidrsOverlap, firstFree, parseCidr, subCidr, type Cidr } from '../../api/cidr.js';
import type { Node } from '../../api/types.js';

/** Where node pod ranges come from. */
export interface IpamConfig {
  /** e.g. "127.0.0.0/8". */
  clusterCIDR: string;
  /** Prefix length of each node's range, e.g. 16 (node-1 gets 127.1.0.0/16). */
  nodeMaskSize: number;
  /** Ranges no node may overlap, e.g. ["127.0.0.0/16", "127.96.0.0/12"]. */
  reserved: readonly string[];
}

/** Tugboat's defaults: pods in 127.0.0.0/8, a /16 per node, never 127.0.0.0/16 (the host's 127.0.0.1) nor the service CIDR. */
export function defaultIpamConfig(serviceCIDR: string): IpamConfig {
  return { clusterCIDR: '127.0.0.0/8', nodeMaskSize: 16, reserved: ['127.0.0.0/16', serviceCIDR] };
}

/** Checks a config; returns why it is unusable, or undefined. */
export function ipamConfigError(c: IpamConfig): string | undefined {
  const cluster = parseCidr(c.clusterCIDR);
  if (!cluster) return `cluster CIDR "${c.clusterCIDR}" is not a valid IPv4 CIDR`;
  if (!Number.isInteger(c.nodeMaskSize) || c.nodeMaskSize < cluster.prefix || c.nodeMaskSize > 30) return `node mask size ${c.nodeMaskSize} must be between ${cluster.prefix} and 30`;
  const bad = c.reserved.find((r) => !parseCidr(r));
  return bad === undefined ? undefined : `reserved range "${bad}" is not a valid IPv4 CIDR`;
}

/**
 * The lowest free node range, or undefined when the cluster CIDR is exhausted. `taken` are the
 * ranges other nodes hold (their spec.podCIDR) plus ranges handed out but not yet seen in the cache.
 */
export function nextNodeCidr(c: IpamConfig, taken: readonly string[]): string | undefined {
  const cluster = parseCidr(c.clusterCIDR);
  if (!cluster) return undefined;
  const blocked: Cidr[] = [...c.reserved, ...taken].map((t) => parseCidr(t)).filter((x): x is Cidr => x !== undefined);
  const count = 2 ** (c.nodeMaskSize - cluster.prefix);
  const slot = firstFree(count, (i) => {
    const candidate = subCidr(cluster, c.nodeMaskSize, i);
    return blocked.some((b) => cidrsOverlap(b, candidate));
  });
  return slot === undefined ? undefined : subCidr(cluster, c.nodeMaskSize, slot).text;
}

/** The pod ranges the nodes hold. */
export function podCidrsOf(nodes: readonly Node[]): string[] {
  return nodes.flatMap((n) => n.spec.podCIDRs?.length ? n.spec.podCIDRs : n.spec.podCIDR ? [n.spec.podCIDR] : []);
}
