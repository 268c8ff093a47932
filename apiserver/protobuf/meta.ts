/**
 * Schemas of the apimachinery messages every object uses, with field numbers from
 * k8s.io/apimachinery pkg/apis/meta/v1, pkg/api/resource, pkg/util/intstr and pkg/runtime
 * generated.proto: Time, Quantity, IntOrString, ObjectMeta, LabelSelector, DeleteOptions and the
 * envelope's TypeMeta.
 */
import { malformed } from './wire.js';
import type { MessageSchema } from './schema.js';

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** meta/v1 Time {1 seconds, 2 nanos} -> RFC 3339 at second precision (Go's JSON form); zero -> dropped. */
export const Time: MessageSchema = {
  name: 'Time',
  fields: { 1: { name: 'seconds', type: 'int64' }, 2: { name: 'nanos', type: 'int32' } },
  toJson: (t) => {
    const seconds = num(t.seconds);
    if (seconds === 0 && num(t.nanos) === 0) return undefined;
    const date = new Date(seconds * 1000);
    if (Number.isNaN(date.getTime())) throw malformed(`Time: ${seconds} seconds is out of range`);
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  },
};

/** resource.Quantity {1 string} -> the string ("500m", "64Mi"). */
export const Quantity: MessageSchema = {
  name: 'Quantity',
  fields: { 1: { name: 'string', type: 'string' } },
  toJson: (q) => (typeof q.string === 'string' && q.string !== '' ? q.string : '0'),
};

/** intstr.IntOrString {1 type (0 int, 1 string), 2 intVal, 3 strVal} -> a number or a string. */
export const IntOrString: MessageSchema = {
  name: 'IntOrString',
  fields: { 1: { name: 'type', type: 'int64' }, 2: { name: 'intVal', type: 'int32' }, 3: { name: 'strVal', type: 'string' } },
  toJson: (v) => (v.type === 1 ? (typeof v.strVal === 'string' ? v.strVal : '') : num(v.intVal)),
};

export const OwnerReference: MessageSchema = {
  name: 'OwnerReference',
  fields: {
    5: { name: 'apiVersion', type: 'string' },
    1: { name: 'kind', type: 'string' },
    3: { name: 'name', type: 'string' },
    4: { name: 'uid', type: 'string' },
    6: { name: 'controller', type: 'bool', optional: true },
    7: { name: 'blockOwnerDeletion', type: 'bool', optional: true },
  },
};

/** managedFields are set by the server; they are skipped (fields 15-17 are not listed). */
export const ObjectMeta: MessageSchema = {
  name: 'ObjectMeta',
  fields: {
    1: { name: 'name', type: 'string' },
    2: { name: 'generateName', type: 'string' },
    3: { name: 'namespace', type: 'string' },
    4: { name: 'selfLink', type: 'string' },
    5: { name: 'uid', type: 'string' },
    6: { name: 'resourceVersion', type: 'string' },
    7: { name: 'generation', type: 'int64' },
    8: { name: 'creationTimestamp', type: Time },
    9: { name: 'deletionTimestamp', type: Time },
    10: { name: 'deletionGracePeriodSeconds', type: 'int64', optional: true },
    11: { name: 'labels', type: 'string', map: true },
    12: { name: 'annotations', type: 'string', map: true },
    13: { name: 'ownerReferences', type: OwnerReference, repeated: true },
    14: { name: 'finalizers', type: 'string', repeated: true },
  },
};

export const LabelSelectorRequirement: MessageSchema = {
  name: 'LabelSelectorRequirement',
  fields: {
    1: { name: 'key', type: 'string' },
    2: { name: 'operator', type: 'string' },
    3: { name: 'values', type: 'string', repeated: true },
  },
};

export const LabelSelector: MessageSchema = {
  name: 'LabelSelector',
  fields: {
    1: { name: 'matchLabels', type: 'string', map: true },
    2: { name: 'matchExpressions', type: LabelSelectorRequirement, repeated: true },
  },
};

export const Preconditions: MessageSchema = {
  name: 'Preconditions',
  fields: { 1: { name: 'uid', type: 'string', optional: true }, 2: { name: 'resourceVersion', type: 'string', optional: true } },
};

/** The body of DELETE requests (kubectl drain sends it as protobuf). */
export const DeleteOptions: MessageSchema = {
  name: 'DeleteOptions',
  fields: {
    1: { name: 'gracePeriodSeconds', type: 'int64', optional: true },
    2: { name: 'preconditions', type: Preconditions },
    3: { name: 'orphanDependents', type: 'bool', optional: true },
    4: { name: 'propagationPolicy', type: 'string', optional: true },
    5: { name: 'dryRun', type: 'string', repeated: true },
    6: { name: 'ignoreStoreReadErrorWithClusterBreakingPotential', type: 'bool', optional: true },
  },
};

/** runtime.TypeMeta inside the runtime.Unknown envelope (see envelope.ts). */
export const TypeMeta: MessageSchema = {
  name: 'TypeMeta',
  fields: { 1: { name: 'apiVersion', type: 'string' }, 2: { name: 'kind', type: 'string' } },
};
