/**
 * Fixture builders for tests, after kube-scheduler's st.MakePod()/st.MakeNode():
 * `makePod('web-1').requests({ cpu: '500m' }).build()`, `makeNode('n1').allocatable({ cpu: '4' }).build()`.
 * Every builder returns a fresh object from build(), so one builder can stamp out several fixtures.
 */
import type { Container, Node, NodeCondition, Pod, PodCondition, PodPhase, ResourceList } from '../../api/types.js';

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
