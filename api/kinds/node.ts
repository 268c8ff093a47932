/** core/v1 Node. */
import { parseCidr } from '../cidr.js';
import { ageSince } from '../duration.js';
import { InvalidError } from '../errors.js';
import { isRecord } from '../guards.js';
import { NODE_SPEC, NODE_STATUS } from '../schemas.js';
import { checkShape } from '../shape.js';
import { column, orNone, type ColumnDefinition } from '../table.js';
import type { KubeObject, Node } from '../types.js';
import type { Problems } from '../validation.js';
import { identity, subresource, type KindDefinition, type Printer } from './kind.js';

function checkNodeSpec(p: Problems, spec: unknown): void {
  if (spec !== undefined && spec !== null && !isRecord(spec)) { p.invalid('spec', spec, 'must be an object'); return; }
  checkShape(p, 'spec', spec, NODE_SPEC);
  if (!isRecord(spec)) return;
  if (typeof spec.podCIDR === 'string' && spec.podCIDR !== '' && !parseCidr(spec.podCIDR)) p.invalid('spec.podCIDR', spec.podCIDR, 'must be a valid IPv4 CIDR (e.g. 127.1.0.0/16)');
  if (Array.isArray(spec.podCIDRs)) {
    spec.podCIDRs.forEach((c: unknown, i) => { if (typeof c === 'string' && !parseCidr(c)) p.invalid(`spec.podCIDRs[${i}]`, c, 'must be a valid IPv4 CIDR'); });
    if (typeof spec.podCIDR === 'string' && spec.podCIDR && spec.podCIDRs.length > 0 && spec.podCIDRs[0] !== spec.podCIDR) p.invalid('spec.podCIDRs', spec.podCIDRs, 'the first entry must equal spec.podCIDR');
  }
}

/** As Kubernetes: podCIDR(s) may be set once (from empty), never changed. */
function checkPodCidrUnchanged(current: KubeObject, next: KubeObject): void {
  const before = (current as Node).spec.podCIDR;
  const after = (next as Node).spec.podCIDR;
  if (before && after !== before) {
    throw new InvalidError('Node', next.metadata.name ?? '', [{ field: 'spec.podCIDR', message: `Forbidden: node updates may not change podCIDR except from "" to valid (was ${before})`, reason: 'FieldValueForbidden' }]);
  }
  const n = next as Node;
  if (before && n.spec.podCIDRs === undefined) n.spec.podCIDRs = (current as Node).spec.podCIDRs ?? [before];
}

const wide = (name: string): ColumnDefinition => column(name, 1);
const printer: Printer = {
  columns: [column('Name', 0, 'name'), column('Status'), column('Roles'), column('Age'), column('Version'), wide('Internal-IP'), wide('External-IP'), wide('OS-Image'), wide('Kernel-Version'), wide('Container-Runtime')],
  cells(o, now) {
    const n = o as Node;
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
    let status = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
    if (n.spec.unschedulable) status += ',SchedulingDisabled';
    const roles = Object.keys(n.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length));
    const addr = (t: string): string => orNone(n.status?.addresses?.find((a) => a.type === t)?.address);
    const info = n.status?.nodeInfo ?? {};
    return [n.metadata.name, status, roles.length ? roles.join(',') : '<none>', ageSince(n.metadata.creationTimestamp, now), info.kubeletVersion ?? '', addr('InternalIP'), addr('ExternalIP'), orNone(info.osImage), orNone(info.kernelVersion), orNone(info.containerRuntimeVersion)];
  },
};

export const node: KindDefinition = {
  ...identity('', 'v1', 'Node', 'nodes', false, ['no']),
  subresources: [subresource('status', 'Node', '', 'v1')],
  validate: (p, obj) => checkNodeSpec(p, obj.spec),
  statusShape: NODE_STATUS,
  defaults: (obj) => { obj.spec ??= {}; },
  printer,
  strategy: { keepStatusOnCreate: true, checkUpdate: checkPodCidrUnchanged },
};
