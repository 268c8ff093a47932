/** apps/v1 Deployment and ReplicaSet. */
import { defaultDeployment, defaultTemplate } from '../defaults.js';
import { ageSince } from '../duration.js';
import { InvalidError } from '../errors.js';
import { DEPLOYMENT_SPEC_REST, DEPLOYMENT_STATUS, REPLICA_SET_STATUS } from '../schemas.js';
import { formatSelector, fromLabelSelector } from '../selector.js';
import { checkShape } from '../shape.js';
import { column, orNone } from '../table.js';
import type { Deployment, KubeObject, LabelSelector, ReplicaSet } from '../types.js';
import { checkWorkload } from '../validation.js';
import { identity, subresource, type KindDefinition, type Printer } from './kind.js';

/** apps/v1 workload selectors are immutable: a changed selector would orphan every child. */
function checkSelectorUnchanged(kind: string, current: KubeObject, next: KubeObject): void {
  const selectorOf = (o: KubeObject): string => {
    const spec = o.spec as { selector?: LabelSelector } | undefined;
    return fromLabelSelector(spec?.selector).map((req) => JSON.stringify(req)).sort().join('|');
  };
  if (selectorOf(current) === selectorOf(next)) return;
  const selector = (next.spec as { selector?: unknown } | undefined)?.selector;
  throw new InvalidError(kind, next.metadata.name ?? '', [{ field: 'spec.selector', message: `Invalid value: ${JSON.stringify(selector)}: field is immutable`, reason: 'FieldValueInvalid' }]);
}

const images = (cs: { name: string; image: string }[]): [string, string] => [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')];

const deploymentPrinter: Printer = {
  columns: [column('Name', 0, 'name'), column('Ready'), column('Up-to-date', 0, '', 'integer'), column('Available', 0, '', 'integer'), column('Age'), column('Containers', 1), column('Images', 1), column('Selector', 1)],
  cells(o, now) {
    const d = o as Deployment;
    const s = d.status ?? {};
    return [d.metadata.name, `${s.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`, s.updatedReplicas ?? 0, s.availableReplicas ?? 0, ageSince(d.metadata.creationTimestamp, now),
      ...images(d.spec.template.spec.containers), orNone(formatSelector(fromLabelSelector(d.spec.selector)))];
  },
};

const replicaSetPrinter: Printer = {
  columns: [column('Name', 0, 'name'), column('Desired', 0, '', 'integer'), column('Current', 0, '', 'integer'), column('Ready', 0, '', 'integer'), column('Age'), column('Containers', 1), column('Images', 1), column('Selector', 1)],
  cells(o, now) {
    const rs = o as ReplicaSet;
    return [rs.metadata.name, rs.spec.replicas ?? 1, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, ageSince(rs.metadata.creationTimestamp, now),
      ...images(rs.spec.template.spec.containers), orNone(formatSelector(fromLabelSelector(rs.spec.selector)))];
  },
};

export const deployment: KindDefinition = {
  ...identity('apps', 'v1', 'Deployment', 'deployments', true, ['deploy'], ['all']),
  subresources: [subresource('status', 'Deployment', 'apps', 'v1'), subresource('scale', 'Scale', 'autoscaling', 'v1')],
  validate(p, obj) {
    checkShape(p, 'spec', obj.spec, DEPLOYMENT_SPEC_REST);
    checkWorkload(p, obj.spec);
  },
  statusShape: DEPLOYMENT_STATUS,
  defaults: (obj) => defaultDeployment(obj as Deployment),
  printer: deploymentPrinter,
  strategy: { checkUpdate: (current, next) => checkSelectorUnchanged('Deployment', current, next) },
  owns: ['ReplicaSet'],
  namespaceDeletion: 'first',
};

export const replicaSet: KindDefinition = {
  ...identity('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs'], ['all']),
  subresources: [subresource('status', 'ReplicaSet', 'apps', 'v1'), subresource('scale', 'Scale', 'autoscaling', 'v1')],
  validate: (p, obj) => checkWorkload(p, obj.spec),
  statusShape: REPLICA_SET_STATUS,
  defaults(obj) {
    const rs = obj as ReplicaSet;
    rs.spec.replicas ??= 1;
    defaultTemplate(rs.spec.template);
  },
  printer: replicaSetPrinter,
  strategy: { checkUpdate: (current, next) => checkSelectorUnchanged('ReplicaSet', current, next) },
  owns: ['Pod'],
  namespaceDeletion: 'first',
};
