/**
 * Shapes (api/shape.ts) of the fields api/validation.ts does not check one by one, mirroring
 * api/types.ts: statuses, probes, strategies, Service/Ingress/Node/Event details, owner
 * references. Ranges follow Kubernetes validation where a consumer would misbehave otherwise
 * (a probe period of 0 would spin the prober).
 */
import { INT, NON_NEGATIVE, obj, STRING_MAP, STRINGS, type Shape } from './shape.js';

export const CONDITION_STATUS: Shape = { oneOf: ['True', 'False', 'Unknown'] };
export const PORT: Shape = { int: [1, 65535] };
export const PROTOCOL: Shape = { oneOf: ['TCP', 'UDP', 'SCTP'] };
const POSITIVE: Shape = { int: [1, 2 ** 31 - 1] };
const PROBE_PORT: Shape = 'intOrString';

export const OWNER_REFERENCE: Shape = obj({
  apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'boolean', blockOwnerDeletion: 'boolean',
}, ['apiVersion', 'kind', 'name', 'uid']);

/** metadata fields other than name, generateName, namespace, labels, annotations and ownerReferences. */
export const OBJECT_META_REST: Shape = obj({
  uid: 'string', resourceVersion: 'string', generation: { int: [0, Number.MAX_SAFE_INTEGER] }, creationTimestamp: 'string', deletionTimestamp: 'string', finalizers: STRINGS,
});

const PROBE: Shape = obj({
  httpGet: obj({ path: 'string', port: PROBE_PORT, scheme: { oneOf: ['HTTP', 'HTTPS'] } }, ['port']),
  tcpSocket: obj({ port: PROBE_PORT }, ['port']),
  exec: obj({ command: STRINGS }),
  initialDelaySeconds: NON_NEGATIVE, periodSeconds: POSITIVE, timeoutSeconds: POSITIVE, failureThreshold: POSITIVE, successThreshold: POSITIVE,
});

/** Container fields other than name, image, imagePullPolicy, command, args, env, ports and resources. */
export const CONTAINER_REST: Shape = obj({ workingDir: 'string', readinessProbe: PROBE, livenessProbe: PROBE });
/** Container port fields other than containerPort and hostPort. */
export const CONTAINER_PORT_REST: Shape = obj({ name: 'string', protocol: PROTOCOL });
/** Pod spec fields other than containers, restartPolicy, nodeSelector, nodeName and terminationGracePeriodSeconds. */
export const POD_SPEC_REST: Shape = obj({ schedulerName: 'string', hostname: 'string' });

/** Deployment spec fields other than those of checkWorkload. */
export const DEPLOYMENT_SPEC_REST: Shape = obj({
  paused: 'boolean',
  strategy: obj({
    type: { oneOf: ['RollingUpdate', 'Recreate'] },
    rollingUpdate: obj({ maxSurge: 'intOrPercent', maxUnavailable: 'intOrPercent' }),
  }),
});
/** Template metadata beyond its labels. */
export const TEMPLATE_META: Shape = obj({ annotations: STRING_MAP, name: 'string', generateName: 'string', namespace: 'string' });

export const NODE_SPEC: Shape = obj({
  unschedulable: 'boolean', podCIDR: 'string', podCIDRs: STRINGS, providerID: 'string',
  taints: { list: obj({ key: 'string', value: 'string', effect: { oneOf: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] } }, ['key', 'effect']) },
});
export const NAMESPACE_SPEC: Shape = obj({ finalizers: STRINGS });

/** Event fields besides metadata (involvedObject must be present; validation checks that). */
export const EVENT_FIELDS: Shape = obj({
  involvedObject: obj({ kind: 'string', namespace: 'string', name: 'string', uid: 'string', apiVersion: 'string', resourceVersion: 'string', fieldPath: 'string' }),
  reason: 'string', message: 'string', type: { oneOf: ['Normal', 'Warning'] }, source: obj({ component: 'string', host: 'string' }),
  firstTimestamp: 'string', lastTimestamp: 'string', count: NON_NEGATIVE,
});
export const CONFIG_MAP_REST: Shape = obj({ binaryData: STRING_MAP, immutable: 'boolean' });

// ---- statuses ----

const POD_CONDITION: Shape = obj({ type: 'string', status: CONDITION_STATUS, reason: 'string', message: 'string', lastTransitionTime: 'string', lastProbeTime: 'string' }, ['type', 'status']);
const CONTAINER_STATE: Shape = obj({
  running: obj({ startedAt: 'string' }),
  waiting: obj({ reason: 'string', message: 'string' }),
  terminated: obj({ exitCode: INT, signal: INT, reason: 'string', message: 'string', startedAt: 'string', finishedAt: 'string', containerID: 'string' }, ['exitCode']),
});
const CONTAINER_STATUS: Shape = obj({
  name: 'string', image: 'string', imageID: 'string', containerID: 'string', ready: 'boolean', started: 'boolean', restartCount: NON_NEGATIVE,
  state: CONTAINER_STATE, lastState: CONTAINER_STATE,
}, ['name', 'image', 'ready', 'restartCount', 'state']);
const IPS: Shape = { list: obj({ ip: 'string' }, ['ip']) };
export const POD_STATUS: Shape = obj({
  phase: { oneOf: ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] }, conditions: { list: POD_CONDITION }, message: 'string', reason: 'string',
  hostIP: 'string', hostIPs: IPS, podIP: 'string', podIPs: IPS, startTime: 'string', containerStatuses: { list: CONTAINER_STATUS },
});

const WORKLOAD_CONDITION: Shape = obj({ type: 'string', status: CONDITION_STATUS, reason: 'string', message: 'string', lastUpdateTime: 'string', lastTransitionTime: 'string' }, ['type', 'status']);
export const DEPLOYMENT_STATUS: Shape = obj({
  observedGeneration: { int: [0, Number.MAX_SAFE_INTEGER] }, replicas: NON_NEGATIVE, updatedReplicas: NON_NEGATIVE, readyReplicas: NON_NEGATIVE,
  availableReplicas: NON_NEGATIVE, unavailableReplicas: NON_NEGATIVE, collisionCount: NON_NEGATIVE, conditions: { list: WORKLOAD_CONDITION },
});
export const REPLICA_SET_STATUS: Shape = obj({
  replicas: NON_NEGATIVE, fullyLabeledReplicas: NON_NEGATIVE, readyReplicas: NON_NEGATIVE, availableReplicas: NON_NEGATIVE,
  observedGeneration: { int: [0, Number.MAX_SAFE_INTEGER] }, conditions: { list: WORKLOAD_CONDITION },
});

const RESOURCES: Shape = { map: 'quantity' };
export const NODE_STATUS: Shape = obj({
  capacity: RESOURCES, allocatable: RESOURCES,
  conditions: { list: obj({ type: 'string', status: CONDITION_STATUS, reason: 'string', message: 'string', lastHeartbeatTime: 'string', lastTransitionTime: 'string' }, ['type', 'status']) },
  addresses: { list: obj({ type: 'string', address: 'string' }, ['type', 'address']) },
  nodeInfo: obj({ kubeletVersion: 'string', containerRuntimeVersion: 'string', operatingSystem: 'string', architecture: 'string', osImage: 'string', kernelVersion: 'string' }),
  daemonEndpoints: obj({ kubeletEndpoint: obj({ Port: { int: [0, 65535] } }) }),
});

export const LOAD_BALANCER_STATUS: Shape = obj({ loadBalancer: obj({ ingress: { list: obj({ ip: 'string', hostname: 'string' }) } }) });

export const NAMESPACE_STATUS: Shape = obj({ phase: { oneOf: ['Active', 'Terminating'] } });
