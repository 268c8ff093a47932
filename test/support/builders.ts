/**
 * Fixture builders for tests, after kube-scheduler's st.MakePod()/st.MakeNode():
 * `makePod('web-1').requests({ cpu: '500m' }).build()`, `makeNode('n1').allocatable({ cpu: '4' }).build()`.
 * Every builder returns a fresh object from build(), so one builder can stamp out several fixtures.
 */
import type {
  Container, Deployment, DeploymentStrategy, KubeObject, Node, NodeCondition, OwnerReference, Pod, PodCondition, PodPhase,
  PodTemplateSpec, ReplicaSet, ReplicaSetStatus, ResourceList,
} from '../../api/types.js';

/** Builds a v1 Pod. The pod starts with one container "c0" (image "busybox") until container() adds one. */
export class PodBuilder {
  private readonly pod: Pod;
  private explicitContainers = false;

  constructor(name: string) {
    this.pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', uid: `uid-${name}` },
      spec: { containers: [{ name: 'c0', image: 'busybox' }] },
    };
  }

  namespace(ns: string): this { this.pod.metadata.namespace = ns; return this; }
  uid(uid: string): this { this.pod.metadata.uid = uid; return this; }
  labels(labels: Record<string, string>): this { this.pod.metadata.labels = { ...this.pod.metadata.labels, ...labels }; return this; }
  resourceVersion(rv: string): this { this.pod.metadata.resourceVersion = rv; return this; }
  deletionTimestamp(ts = '2024-01-01T00:00:00Z'): this { this.pod.metadata.deletionTimestamp = ts; return this; }
  creationTimestamp(ts: string): this { this.pod.metadata.creationTimestamp = ts; return this; }
  /** Adds an ownerReferences entry with controller: true pointing at `owner`. */
  controlledBy(owner: KubeObject): this { this.pod.metadata.ownerReferences = [...(this.pod.metadata.ownerReferences ?? []), controllerRef(owner)]; return this; }
  /** Phase Running with condition Ready=True since `since` (RFC 3339). */
  ready(since = '2024-01-01T00:00:00Z'): this {
    return this.phase('Running').condition({ type: 'Ready', status: 'True', lastTransitionTime: since });
  }

  /** Adds a container; the first call replaces the default "c0". */
  container(c: Partial<Container> & { name: string }): this {
    const full: Container = { image: 'busybox', ...c };
    if (this.explicitContainers) this.pod.spec.containers.push(full);
    else { this.pod.spec.containers = [full]; this.explicitContainers = true; }
    return this;
  }

  /** Sets resources.requests on the first container. */
  requests(r: ResourceList): this { this.firstContainer().resources = { ...this.firstContainer().resources, requests: r }; return this; }
  /** Sets resources.limits on the first container. */
  limits(r: ResourceList): this { this.firstContainer().resources = { ...this.firstContainer().resources, limits: r }; return this; }

  nodeName(node: string): this { this.pod.spec.nodeName = node; return this; }
  nodeSelector(sel: Record<string, string>): this { this.pod.spec.nodeSelector = sel; return this; }
  schedulerName(name: string): this { this.pod.spec.schedulerName = name; return this; }
  phase(phase: PodPhase): this { this.pod.status = { ...this.pod.status, phase }; return this; }
  /** status.podIP and podIPs. */
  podIP(ip: string): this { this.pod.status = { ...this.pod.status, podIP: ip, podIPs: [{ ip }] }; return this; }
  condition(c: PodCondition): this {
    const conditions = (this.pod.status?.conditions ?? []).filter((x) => x.type !== c.type);
    this.pod.status = { ...this.pod.status, conditions: [...conditions, c] };
    return this;
  }

  build(): Pod { return structuredClone(this.pod); }

  private firstContainer(): Container {
    const c = this.pod.spec.containers[0];
    if (c) return c;
    const added: Container = { name: 'c0', image: 'busybox' };
    this.pod.spec.containers.push(added);
    return added;
  }
}

/** Builds a v1 Node. Nodes start Ready (condition Ready=True) with no allocatable until allocatable() sets it. */
export class NodeBuilder {
  private readonly node: Node;

  constructor(name: string) {
    this.node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name } },
      spec: {},
      status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] },
    };
  }

  labels(labels: Record<string, string>): this { this.node.metadata.labels = { ...this.node.metadata.labels, ...labels }; return this; }
  /** Sets status.allocatable (and capacity, when capacity() is not called). */
  allocatable(r: ResourceList): this { this.node.status = { ...this.node.status, allocatable: r, capacity: this.node.status?.capacity ?? r }; return this; }
  capacity(r: ResourceList): this { this.node.status = { ...this.node.status, capacity: r }; return this; }
  unschedulable(on = true): this { this.node.spec.unschedulable = on; return this; }
  /** Sets the Ready condition; `undefined` removes it. */
  ready(status: NodeCondition['status'] | undefined): this {
    const others = (this.node.status?.conditions ?? []).filter((c) => c.type !== 'Ready');
    const conditions = status === undefined ? others : [...others, { type: 'Ready', status }];
    this.node.status = { ...this.node.status, conditions };
    return this;
  }
  resourceVersion(rv: string): this { this.node.metadata.resourceVersion = rv; return this; }

  build(): Node { return structuredClone(this.node); }
}

export function makePod(name = 'pod'): PodBuilder { return new PodBuilder(name); }
export function makeNode(name = 'node'): NodeBuilder { return new NodeBuilder(name); }

/** The ownerReferences entry a controller puts on its children (controller: true). */
export function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

function defaultTemplate(labels: Record<string, string>): PodTemplateSpec {
  return { metadata: { labels: { ...labels } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } };
}

/** Builds an apps/v1 ReplicaSet selecting `app=<name>` with 1 replica and an nginx template. */
export class ReplicaSetBuilder {
  private readonly rs: ReplicaSet;

  constructor(name: string) {
    this.rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: defaultTemplate({ app: name }) },
    };
  }

  namespace(ns: string): this { this.rs.metadata.namespace = ns; return this; }
  uid(uid: string): this { this.rs.metadata.uid = uid; return this; }
  replicas(n: number): this { this.rs.spec.replicas = n; return this; }
  generation(n: number): this { this.rs.metadata.generation = n; return this; }
  minReadySeconds(n: number): this { this.rs.spec.minReadySeconds = n; return this; }
  creationTimestamp(ts: string): this { this.rs.metadata.creationTimestamp = ts; return this; }
  annotations(a: Record<string, string>): this { this.rs.metadata.annotations = { ...this.rs.metadata.annotations, ...a }; return this; }
  /** Sets selector matchLabels, the template's labels and the ReplicaSet's labels together. */
  labels(labels: Record<string, string>): this {
    this.rs.spec.selector = { matchLabels: { ...labels } };
    this.rs.spec.template.metadata = { ...this.rs.spec.template.metadata, labels: { ...labels } };
    this.rs.metadata.labels = { ...labels };
    return this;
  }
  template(t: PodTemplateSpec): this { this.rs.spec.template = structuredClone(t); return this; }
  status(s: ReplicaSetStatus): this { this.rs.status = { ...s }; return this; }
  controlledBy(owner: KubeObject): this { this.rs.metadata.ownerReferences = [controllerRef(owner)]; return this; }
  deletionTimestamp(ts = '2024-01-01T00:00:00Z'): this { this.rs.metadata.deletionTimestamp = ts; return this; }

  build(): ReplicaSet { return structuredClone(this.rs); }
}

/** Builds an apps/v1 Deployment selecting `app=<name>` with 1 replica, RollingUpdate 25%/25%. */
export class DeploymentBuilder {
  private readonly d: Deployment;

  constructor(name: string) {
    this.d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: defaultTemplate({ app: name }),
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
    };
  }

  namespace(ns: string): this { this.d.metadata.namespace = ns; return this; }
  uid(uid: string): this { this.d.metadata.uid = uid; return this; }
  replicas(n: number): this { this.d.spec.replicas = n; return this; }
  generation(n: number): this { this.d.metadata.generation = n; return this; }
  image(image: string): this {
    const c = this.d.spec.template.spec.containers[0];
    if (c) c.image = image;
    return this;
  }
  template(t: PodTemplateSpec): this { this.d.spec.template = structuredClone(t); return this; }
  /** RollingUpdate with the given bounds (numbers or percentages). */
  rollingUpdate(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined): this {
    const ru: NonNullable<DeploymentStrategy['rollingUpdate']> = {};
    if (maxSurge !== undefined) ru.maxSurge = maxSurge;
    if (maxUnavailable !== undefined) ru.maxUnavailable = maxUnavailable;
    this.d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: ru };
    return this;
  }
  recreate(): this { this.d.spec.strategy = { type: 'Recreate' }; return this; }
  revisionHistoryLimit(n: number): this { this.d.spec.revisionHistoryLimit = n; return this; }
  progressDeadlineSeconds(n: number): this { this.d.spec.progressDeadlineSeconds = n; return this; }
  minReadySeconds(n: number): this { this.d.spec.minReadySeconds = n; return this; }
  paused(on = true): this { this.d.spec.paused = on; return this; }
  annotations(a: Record<string, string>): this { this.d.metadata.annotations = { ...this.d.metadata.annotations, ...a }; return this; }
  status(s: NonNullable<Deployment['status']>): this { this.d.status = structuredClone(s); return this; }

  build(): Deployment { return structuredClone(this.d); }
}

export function makeReplicaSet(name = 'rs'): ReplicaSetBuilder { return new ReplicaSetBuilder(name); }
export function makeDeployment(name = 'web'): DeploymentBuilder { return new DeploymentBuilder(name); }
