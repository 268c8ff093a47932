/**
 * Kubernetes-shaped object types. These describe what a validated object looks like; bodies that
 * arrive over HTTP stay `unknown` until api/validation.ts narrows them.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/** Any stored object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
}

export interface ListMeta { resourceVersion: string; continue?: string }
export interface KubeList<T extends KubeObject = KubeObject> { apiVersion: string; kind: string; metadata: ListMeta; items: T[] }

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export interface WatchEvent<T = KubeObject> { type: WatchEventType; object: T }

// ---- core/v1 ----

export interface ResourceList { cpu?: string; memory?: string; pods?: string; [name: string]: string | undefined }
export interface ResourceRequirements { limits?: ResourceList; requests?: ResourceList }
export interface EnvVar { name: string; value?: string }
export interface ContainerPort { containerPort: number; hostPort?: number; protocol?: string; name?: string }
export interface Probe { httpGet?: { path?: string; port: number | string }; tcpSocket?: { port: number | string }; exec?: { command: string[] }; initialDelaySeconds?: number; periodSeconds?: number; timeoutSeconds?: number; failureThreshold?: number; successThreshold?: number }

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  workingDir?: string;
}

export interface PodSpec {
  containers: Container[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  schedulerName?: string;
  terminationGracePeriodSeconds?: number;
  hostname?: string;
}

export interface PodCondition { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastTransitionTime?: string; lastProbeTime?: string | null }

export interface ContainerStateRunning { startedAt?: string }
export interface ContainerStateWaiting { reason?: string; message?: string }
export interface ContainerStateTerminated { exitCode: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string; containerID?: string; signal?: number }
export interface ContainerState { running?: ContainerStateRunning; waiting?: ContainerStateWaiting; terminated?: ContainerStateTerminated }

export interface ContainerStatus {
  name: string;
  image: string;
  imageID?: string;
  containerID?: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state: ContainerState;
  lastState?: ContainerState;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodStatus {
  phase?: PodPhase;
  conditions?: PodCondition[];
  message?: string;
  reason?: string;
  hostIP?: string;
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  containerStatuses?: ContainerStatus[];
}

export interface Pod extends KubeObject { apiVersion: 'v1'; kind: 'Pod'; spec: PodSpec; status?: PodStatus }

export interface PodTemplateSpec { metadata?: ObjectMeta; spec: PodSpec }

export interface NodeCondition { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastHeartbeatTime?: string; lastTransitionTime?: string }
export interface NodeAddress { type: string; address: string }
export interface NodeSpec { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[]; podCIDR?: string; podCIDRs?: string[] }
export interface NodeStatus {
  capacity?: ResourceList;
  allocatable?: ResourceList;
  conditions?: NodeCondition[];
  addresses?: NodeAddress[];
  nodeInfo?: { kubeletVersion?: string; containerRuntimeVersion?: string; operatingSystem?: string; architecture?: string; osImage?: string; kernelVersion?: string };
}
export interface Node extends KubeObject { apiVersion: 'v1'; kind: 'Node'; spec: NodeSpec; status?: NodeStatus }

export interface Namespace extends KubeObject { apiVersion: 'v1'; kind: 'Namespace'; spec?: { finalizers?: string[] }; status?: { phase?: 'Active' | 'Terminating' } }

export interface ObjectReference { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string }

export interface Event extends KubeObject {
  apiVersion: 'v1';
  kind: 'Event';
  involvedObject: ObjectReference;
  reason?: string;
  message?: string;
  type?: 'Normal' | 'Warning';
  source?: { component?: string; host?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
  count?: number;
}

export interface Binding extends KubeObject { apiVersion: 'v1'; kind: 'Binding'; target: ObjectReference }

export interface ServicePort { name?: string; port: number; targetPort?: number | string; protocol?: string; nodePort?: number; appProtocol?: string }
export interface ServiceSpec {
  selector?: Record<string, string>;
  ports?: ServicePort[];
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  clusterIP?: string;
  clusterIPs?: string[];
  externalName?: string;
  sessionAffinity?: 'None' | 'ClientIP';
  publishNotReadyAddresses?: boolean;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  internalTrafficPolicy?: string;
  externalTrafficPolicy?: string;
}
export interface LoadBalancerIngress { ip?: string; hostname?: string }
export interface Service extends KubeObject {
  apiVersion: 'v1';
  kind: 'Service';
  spec: ServiceSpec;
  status?: { loadBalancer?: { ingress?: LoadBalancerIngress[] } };
}

/** v1 Endpoints: the addresses behind a Service, grouped into subsets that share ports. */
export interface EndpointAddress { ip: string; hostname?: string; nodeName?: string; targetRef?: ObjectReference }
export interface EndpointPort { name?: string; port: number; protocol?: string; appProtocol?: string }
export interface EndpointSubset { addresses?: EndpointAddress[]; notReadyAddresses?: EndpointAddress[]; ports?: EndpointPort[] }
export interface Endpoints extends KubeObject { apiVersion: 'v1'; kind: 'Endpoints'; subsets?: EndpointSubset[] }

export interface ConfigMap extends KubeObject { apiVersion: 'v1'; kind: 'ConfigMap'; data?: Record<string, string> }

// ---- apps/v1 ----

export interface LabelSelectorRequirement { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }
export interface LabelSelector { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] }

export interface ReplicaSetSpec { replicas?: number; selector: LabelSelector; template: PodTemplateSpec; minReadySeconds?: number }
export interface ReplicaSetStatus { replicas: number; fullyLabeledReplicas?: number; readyReplicas?: number; availableReplicas?: number; observedGeneration?: number }
export interface ReplicaSet extends KubeObject { apiVersion: 'apps/v1'; kind: 'ReplicaSet'; spec: ReplicaSetSpec; status?: ReplicaSetStatus }

export interface DeploymentStrategy { type?: 'RollingUpdate' | 'Recreate'; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } }
export interface DeploymentCondition { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string }
export interface DeploymentSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  strategy?: DeploymentStrategy;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
}
export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
}
export interface Deployment extends KubeObject { apiVersion: 'apps/v1'; kind: 'Deployment'; spec: DeploymentSpec; status?: DeploymentStatus }

export interface Scale extends KubeObject { apiVersion: 'autoscaling/v1'; kind: 'Scale'; spec: { replicas?: number }; status?: { replicas: number; selector?: string } }

// ---- discovery.k8s.io/v1 ----

export interface EndpointConditions { ready?: boolean; serving?: boolean; terminating?: boolean }
export interface SliceEndpoint { addresses: string[]; conditions?: EndpointConditions; hostname?: string; nodeName?: string; targetRef?: ObjectReference; zone?: string }
export interface SlicePort { name?: string; port?: number; protocol?: string; appProtocol?: string }
export interface EndpointSlice extends KubeObject {
  apiVersion: 'discovery.k8s.io/v1';
  kind: 'EndpointSlice';
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  endpoints: SliceEndpoint[];
  ports?: SlicePort[];
}

// ---- networking.k8s.io/v1 ----

export interface IngressBackend { service?: { name: string; port?: { number?: number; name?: string } } }
export interface IngressPath { path?: string; pathType?: string; backend: IngressBackend }
export interface IngressRule { host?: string; http?: { paths: IngressPath[] } }
export interface IngressSpec { ingressClassName?: string; defaultBackend?: IngressBackend; rules?: IngressRule[]; tls?: { hosts?: string[]; secretName?: string }[] }
export interface Ingress extends KubeObject {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'Ingress';
  spec: IngressSpec;
  status?: { loadBalancer?: { ingress?: LoadBalancerIngress[] } };
}
export interface IngressClass extends KubeObject {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'IngressClass';
  spec: { controller?: string; parameters?: { apiGroup?: string; kind: string; name: string; namespace?: string; scope?: string } };
}

/** "namespace/name", or "name" for cluster-scoped objects: the key work queues and caches use. */
export function objectKey(obj: { metadata: ObjectMeta }): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

/** Splits a key made by objectKey. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The ownerReferences entry with controller: true, if any. */
export function controllerOf(obj: { metadata: ObjectMeta }): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}
