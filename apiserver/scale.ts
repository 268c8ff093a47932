/** The autoscaling/v1 Scale view of Deployments and ReplicaSets. */
import { BadRequestError, InvalidError } from '../api/errors.js';
import { formatSelector, fromLabelSelector } from '../api/selector.js';
import type { KubeObject, LabelSelector, Scale } from '../api/types.js';
import { isRecord } from '../api/guards.js';

interface Scalable extends KubeObject { spec: { replicas?: number; selector?: LabelSelector }; status?: { replicas?: number } }

export function toScale(obj: KubeObject): Scale {
  const o = obj as Scalable;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = o.metadata;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: o.spec.replicas ?? 1 },
    status: { replicas: o.status?.replicas ?? 0, selector: formatSelector(fromLabelSelector(o.spec.selector)) },
  };
}

/** Writes the replicas of a (patched) Scale back into the object. */
export function fromScale(obj: KubeObject, scale: unknown): KubeObject {
  if (!isRecord(scale) || !isRecord(scale.spec)) throw new BadRequestError('a Scale needs spec.replicas');
  const replicas = scale.spec.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw new InvalidError('Scale', obj.metadata.name ?? '', [{ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be a non-negative integer` }]);
  }
  const o = obj as Scalable;
  o.spec = { ...o.spec, replicas };
  return o;
}
