/**
 * Defaulting, applied by the API server before validation on create and update, as Kubernetes does:
 * fields a user leaves out get the values kubectl and controllers expect to read back.
 */
import type { Container, Deployment, KubeObject, PodSpec, PodTemplateSpec, ReplicaSet, Service } from './types.js';

function defaultContainer(c: Container): void {
  if (!c.imagePullPolicy && typeof c.image === 'string') {
    const tag = c.image.includes('@') ? 'digest' : (c.image.split('/').pop() ?? '').split(':')[1];
    c.imagePullPolicy = tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  // Kubernetes: a resource with a limit but no request gets request = limit.
  const limits = c.resources?.limits;
  if (limits && c.resources) {
    const requests = (c.resources.requests ??= {});
    for (const [name, q] of Object.entries(limits)) if (q !== undefined && requests[name] === undefined) requests[name] = q;
  }
}

export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  for (const c of spec.containers ?? []) defaultContainer(c);
}

function defaultTemplate(t: PodTemplateSpec | undefined): void {
  if (t?.spec) defaultPodSpec(t.spec);
}

function defaultDeployment(d: Deployment): void {
  const s = d.spec;
  s.replicas ??= 1;
  s.revisionHistoryLimit ??= 10;
  s.progressDeadlineSeconds ??= 600;
  s.minReadySeconds ??= 0;
  s.strategy ??= { type: 'RollingUpdate' };
  s.strategy.type ??= 'RollingUpdate';
  if (s.strategy.type === 'RollingUpdate') {
    s.strategy.rollingUpdate ??= {};
    s.strategy.rollingUpdate.maxSurge ??= '25%';
    s.strategy.rollingUpdate.maxUnavailable ??= '25%';
  }
  defaultTemplate(s.template);
}

function defaultService(svc: Service): void {
  svc.spec.type ??= 'ClusterIP';
  for (const p of svc.spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
}

/** Fills defaults in place. `obj` has passed the structural checks of validateObject's caller. */
export function applyDefaults(obj: KubeObject): void {
  if (typeof obj.spec !== 'object' || obj.spec === null) {
    if (obj.kind === 'Service' || obj.kind === 'Ingress' || obj.kind === 'Node' || obj.kind === 'Namespace') obj.spec = {};
    else return;
  }
  switch (obj.kind) {
    case 'Pod': defaultPodSpec((obj.spec as PodSpec)); break;
    case 'Deployment': defaultDeployment(obj as Deployment); break;
    case 'ReplicaSet': { const rs = obj as ReplicaSet; rs.spec.replicas ??= 1; defaultTemplate(rs.spec.template); break; }
    case 'Service': defaultService(obj as Service); break;
  }
}
