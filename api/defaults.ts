/**
 * Defaulting helpers the kinds share (api/kinds/*: each kind's `defaults` hook), applied by the API
 * server on create and update, as Kubernetes does: fields a user leaves out get the values kubectl
 * and controllers expect to read back.
 */
import type { Container, Deployment, PodSpec, PodTemplateSpec } from './types.js';

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

export function defaultTemplate(t: PodTemplateSpec | undefined): void {
  if (t?.spec) defaultPodSpec(t.spec);
}

export function defaultDeployment(d: Deployment): void {
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
