/** core/v1 Namespace. */
import { ageSince } from '../duration.js';
import { ForbiddenError } from '../errors.js';
import { NAMESPACE_SPEC, NAMESPACE_STATUS } from '../schemas.js';
import { checkShape } from '../shape.js';
import { column } from '../table.js';
import type { KubeObject, Namespace } from '../types.js';
import { identity, subresource, type DeleteDecision, type KindDefinition, type StrategyContext } from './kind.js';

const UNDELETABLE = new Set(['default', 'kube-system', 'kube-public']);

/**
 * The first DELETE marks the namespace Terminating (the namespace controller then empties it);
 * a DELETE of an emptied terminating namespace removes it.
 */
async function deleteNamespace(current: KubeObject, _opts: unknown, ctx: StrategyContext): Promise<DeleteDecision> {
  const name = current.metadata.name ?? '';
  if (UNDELETABLE.has(name)) throw new ForbiddenError(`namespaces "${name}" is forbidden: this namespace may not be deleted`);
  if (!current.metadata.deletionTimestamp) {
    return { action: 'mark', object: { ...current, metadata: { ...current.metadata, deletionTimestamp: ctx.clock.now().toISOString() }, status: { phase: 'Terminating' } } };
  }
  return (await ctx.namespaceHasObjects(name)) ? { action: 'keep' } : { action: 'remove' };
}

export const namespace: KindDefinition = {
  ...identity('', 'v1', 'Namespace', 'namespaces', false, ['ns']),
  subresources: [subresource('status', 'Namespace', '', 'v1')],
  nameRule: 'label',
  validate: (p, obj) => checkShape(p, 'spec', obj.spec, NAMESPACE_SPEC),
  statusShape: NAMESPACE_STATUS,
  defaults: (obj) => { obj.spec ??= {}; },
  printer: {
    columns: [column('Name', 0, 'name'), column('Status'), column('Age')],
    cells: (o, now) => [o.metadata.name, (o as Namespace).status?.phase ?? 'Active', ageSince(o.metadata.creationTimestamp, now)],
  },
  strategy: { initialStatus: () => ({ phase: 'Active' }), delete: deleteNamespace },
};
