/**
 * Service ClusterIP and NodePort allocation (Kubernetes' service REST strategy, reduced). The
 * addresses in use are read from the stored Services each time, so deleting a Service releases
 * its addresses; the registry runs these hooks one at a time per kind, so two creates never pick
 * the same address.
 */
import { cidrContains, firstFree, formatIPv4, parseCidr, parseIPv4 } from '../cidr.js';
import { InvalidError, type StatusCause } from '../errors.js';
import type { KubeObject, Service, ServicePort } from '../types.js';
import type { StrategyContext } from './kind.js';

const hasNodePorts = (s: Service): boolean => s.spec.type === 'NodePort' || s.spec.type === 'LoadBalancer';
const wantsClusterIP = (s: Service): boolean => s.spec.type !== 'ExternalName';

/** What the other stored Services hold. */
async function taken(ctx: StrategyContext, self: Service): Promise<{ ips: Set<number>; nodePorts: Set<number> }> {
  const ips = new Set<number>();
  const nodePorts = new Set<number>();
  for (const o of await ctx.list('Service')) {
    if (o.metadata.uid !== undefined && o.metadata.uid === self.metadata.uid) continue;
    const s = o as Service;
    const ip = parseIPv4(s.spec.clusterIP ?? '');
    if (ip !== undefined) ips.add(ip);
    for (const p of s.spec.ports ?? []) if (p.nodePort) nodePorts.add(p.nodePort);
  }
  return { ips, nodePorts };
}

const randomStart = (count: number): number => Math.floor(Math.random() * count);

function refuse(s: Service, causes: StatusCause[]): never {
  throw new InvalidError('Service', s.metadata.name ?? '', causes);
}

/** Checks a requested clusterIP or picks a free one; sets clusterIP and clusterIPs. */
function assignClusterIP(s: Service, ctx: StrategyContext, used: Set<number>): void {
  if (!wantsClusterIP(s)) { delete s.spec.clusterIP; delete s.spec.clusterIPs; return; }
  s.spec.ipFamilies ??= ['IPv4'];
  s.spec.ipFamilyPolicy ??= 'SingleStack';
  const requested = s.spec.clusterIP;
  if (requested === 'None') { s.spec.clusterIPs = ['None']; return; }
  const range = parseCidr(ctx.network.serviceCIDR);
  if (!range) throw new Error(`invalid service CIDR ${ctx.network.serviceCIDR}`);
  if (requested) {
    const ip = parseIPv4(requested);
    if (ip === undefined || !cidrContains(range, ip) || ip === range.base || ip === range.base + range.size - 1) {
      refuse(s, [{ field: 'spec.clusterIPs', message: `Invalid value: ["${requested}"]: failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${range.text}`, reason: 'FieldValueInvalid' }]);
    }
    if (used.has(ip)) refuse(s, [{ field: 'spec.clusterIPs', message: `Invalid value: ["${requested}"]: failed to allocate IP ${requested}: provided IP is already allocated`, reason: 'FieldValueInvalid' }]);
    s.spec.clusterIPs = [requested];
    return;
  }
  // Skip the network address and the broadcast address; .1 is free to use (no kubernetes Service here).
  const count = range.size - 2;
  const slot = firstFree(count, (i) => used.has(range.base + 1 + i), randomStart(count));
  if (slot === undefined) throw new InvalidError('Service', s.metadata.name ?? '', [{ field: 'spec.clusterIPs', message: `Internal error: no free ClusterIP left in ${range.text}`, reason: 'FieldValueInvalid' }]);
  s.spec.clusterIP = formatIPv4(range.base + 1 + slot);
  s.spec.clusterIPs = [s.spec.clusterIP];
}

/** Checks requested nodePorts or picks free ones (NodePort/LoadBalancer); strips them otherwise. */
function assignNodePorts(s: Service, ctx: StrategyContext, used: Set<number>, previous: readonly ServicePort[] = []): void {
  const ports = s.spec.ports ?? [];
  if (!hasNodePorts(s)) { for (const p of ports) delete p.nodePort; return; }
  const [min, max] = ctx.network.nodePortRange;
  const causes: StatusCause[] = [];
  ports.forEach((p, i) => {
    if (!p.nodePort) {
      const old = previous.find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (old?.nodePort && !used.has(old.nodePort)) p.nodePort = old.nodePort;
    } else if (p.nodePort < min || p.nodePort > max) {
      causes.push({ field: `spec.ports[${i}].nodePort`, message: `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${min}-${max}`, reason: 'FieldValueInvalid' });
      return;
    } else if (used.has(p.nodePort)) {
      causes.push({ field: `spec.ports[${i}].nodePort`, message: `Invalid value: ${p.nodePort}: provided port is already allocated`, reason: 'FieldValueInvalid' });
      return;
    }
    if (p.nodePort) { used.add(p.nodePort); return; }
    const count = max - min + 1;
    const slot = firstFree(count, (k) => used.has(min + k), randomStart(count));
    if (slot === undefined) { causes.push({ field: `spec.ports[${i}].nodePort`, message: `Internal error: no free NodePort left in ${min}-${max}`, reason: 'FieldValueInvalid' }); return; }
    p.nodePort = min + slot;
    used.add(p.nodePort);
  });
  if (causes.length) refuse(s, causes);
}

/** Strategy hook: allocates on create. */
export async function prepareServiceForCreate(obj: KubeObject, ctx: StrategyContext): Promise<void> {
  const s = obj as Service;
  const used = await taken(ctx, s);
  assignClusterIP(s, ctx, used.ips);
  assignNodePorts(s, ctx, used.nodePorts);
}

/**
 * Strategy hook on update: an omitted clusterIP (kubectl replace, tug apply of the original
 * manifest) keeps the allocated one; a different one is refused (immutable); a type change
 * allocates or releases. Omitted nodePorts keep theirs.
 */
export async function prepareServiceForUpdate(current: KubeObject, next: KubeObject, ctx: StrategyContext): Promise<void> {
  const before = current as Service;
  const s = next as Service;
  const was = before.spec.clusterIP;
  const requested = s.spec.clusterIP;
  const used = await taken(ctx, s);
  if (wantsClusterIP(s) && wantsClusterIP(before) && was) {
    if (requested && requested !== was) {
      refuse(s, [{ field: 'spec.clusterIPs[0]', message: `Invalid value: "${requested}": may not change once set`, reason: 'FieldValueInvalid' }]);
    }
    s.spec.clusterIP = was;
    s.spec.clusterIPs = before.spec.clusterIPs ?? [was];
    s.spec.ipFamilies ??= before.spec.ipFamilies ?? ['IPv4'];
    s.spec.ipFamilyPolicy ??= before.spec.ipFamilyPolicy ?? 'SingleStack';
  } else {
    assignClusterIP(s, ctx, used.ips);
  }
  assignNodePorts(s, ctx, used.nodePorts, before.spec.ports);
}
