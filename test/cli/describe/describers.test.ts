import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Event, Ingress, Pod, Service } from '../../../api/types.js';
import { describeIngress } from '../../../cli/describe/ingress.js';
import { describeGeneric, humanizeKey } from '../../../cli/describe/generic.js';
import { describeNode, podTotals } from '../../../cli/describe/node.js';
import { describePod, qosClass } from '../../../cli/describe/pod.js';
import { describeService } from '../../../cli/describe/service.js';
import { describeDeployment, splitReplicaSets } from '../../../cli/describe/workloads.js';
import { makeDeployment, makeNode, makePod, makeReplicaSet } from '../../support/builders.js';

const now = new Date('2024-01-01T01:00:00Z');

function runningPod(): Pod {
  const pod = makePod('web-1').nodeName('node-1').ready('2024-01-01T00:00:10Z')
    .container({ name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }).requests({ cpu: '250m' }).build();
  pod.status = {
    ...pod.status, hostIP: '127.0.0.1', podIP: '10.0.0.7', startTime: '2024-01-01T00:00:00Z',
    containerStatuses: [{ name: 'web', image: 'nginx', ready: true, restartCount: 2, state: { running: { startedAt: '2024-01-01T00:00:05Z' } } }],
  };
  return pod;
}

describe('describePod', () => {
  it('lays out node, state, readiness and a repeated event the kubectl way', () => {
    const ev: Event = {
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { name: 'web-1' },
      type: 'Warning', reason: 'BackOff', message: 'restarting', source: { component: 'agent', host: 'node-1' },
      firstTimestamp: '2024-01-01T00:50:00Z', lastTimestamp: '2024-01-01T00:59:00Z', count: 4,
    };
    const out = describePod(runningPod(), [ev], now);
    expect(out).toMatch(/^Node: +node-1\/127\.0\.0\.1\nStart Time: +Mon, 01 Jan 2024 00:00:00 \+0000\n/m);
    expect(out).toContain([
      'Containers:',
      '  web:',
      '    Image:          nginx',
      '    Port:           80/TCP',
      '    Host Port:      0/TCP',
      '    State:          Running',
      '      Started:      Mon, 01 Jan 2024 00:00:05 +0000',
      '    Ready:          True',
      '    Restart Count:  2',
      '    Requests:',
      '      cpu:        250m',
    ].join('\n'));
    expect(out).toMatch(/Warning {2}BackOff {2}60s \(x4 over 10m\) {2}agent {2}restarting\n$/);
  });

  it.each([
    { scenario: 'no resources', pod: makePod('a').build(), want: 'BestEffort' },
    { scenario: 'limits only (requests default to them)', pod: makePod('a').limits({ cpu: '1', memory: '1Gi' }).build(), want: 'Guaranteed' },
    { scenario: 'requests below limits', pod: makePod('a').limits({ cpu: '1', memory: '1Gi' }).requests({ cpu: '500m', memory: '1Gi' }).build(), want: 'Burstable' },
  ])('QoS class: $scenario -> $want', ({ pod, want }) => {
    expect(qosClass(pod)).toBe(want);
  });
});

describe('describeDeployment', () => {
  it('nests the pod template like kubectl and names the newest ReplicaSet', () => {
    const d = makeDeployment('web').replicas(3).build();
    const older = makeReplicaSet('web-old').replicas(1).annotations({ 'deployment.kubernetes.io/revision': '1' }).controlledBy(d).build();
    const newer = makeReplicaSet('web-new').replicas(3).annotations({ 'deployment.kubernetes.io/revision': '2' }).controlledBy(d).status({ replicas: 2 }).build();
    const foreign = makeReplicaSet('other').annotations({ 'deployment.kubernetes.io/revision': '9' }).build();
    expect(splitReplicaSets(d, [older, foreign, newer])).toEqual({ newRS: newer, oldRSs: [older] });
    const out = describeDeployment(d, [older, newer], [], now);
    // The container fields share a tabwriter block with the template's Node-Selectors line, as in kubectl.
    expect(out).toContain('Pod Template:\n  Labels:  app=web\n  Containers:\n   web:\n    Image:         nginx:1.25\n    Port:          <none>\n');
    expect(out).toMatch(/^OldReplicaSets: +web-old \(0\/1 replicas created\)\nNewReplicaSet: +web-new \(2\/3 replicas created\)$/m);
  });

  it('leaves the ReplicaSet lines out until there is one, as kubectl does', () => {
    expect(describeDeployment(makeDeployment('web').build(), [], [], now)).not.toContain('ReplicaSet');
  });
});

describe('describeNode', () => {
  it('adds up the requests of its pods against allocatable', () => {
    const node = makeNode('node-1').build();
    node.status = { ...node.status, allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, capacity: { cpu: '2', memory: '4Gi', pods: '110' } };
    const pods = [makePod('a').limits({ cpu: '500m', memory: '1Gi' }).build(), makePod('b').requests({ cpu: '1', memory: '512Mi' }).build()];
    expect(podTotals(pods)).toEqual({ cpuRequests: 1500, cpuLimits: 500, memoryRequests: 1610612736, memoryLimits: 1073741824 });
    const out = describeNode(node, pods, [], now);
    // 1500m of 2000m = 75%; 1.5Gi of 4Gi = 37.5% -> 37 (truncated like kubectl)
    expect(out).toMatch(/^ {2}cpu +1500m \(75%\) +500m \(25%\)$/m);
    expect(out).toMatch(/^ {2}memory +1536Mi \(37%\) +1Gi \(25%\)$/m);
    expect(out).toMatch(/^Non-terminated Pods: +\(2 in total\)$/m);
  });
});

describe('describeService and the generic describer', () => {
  it('lists the ready endpoints of each port from the EndpointSlices, three at most', () => {
    const svc = { apiVersion: 'v1' as const, kind: 'Service' as const, metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'admin', port: 9000 }] } };
    const slice = (ips: Record<string, boolean>): EndpointSlice => ({
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080 }], endpoints: Object.entries(ips).map(([ip, ready]) => ({ addresses: [ip], conditions: { ready } })),
    });
    expect(describeService(svc, [slice({ '10.0.0.7': true, '10.0.0.8': false })], [], now)).toMatch(/^Endpoints: +10\.0\.0\.7:8080\nPort: +admin +9000\/TCP\nTargetPort: +9000\/TCP\nEndpoints: +<none>$/m);
    const many = slice({ '10.0.0.1': true, '10.0.0.2': true, '10.0.0.3': true, '10.0.0.4': true, '10.0.0.5': true });
    expect(describeService(svc, [many], [], now)).toMatch(/^Endpoints: +10\.0\.0\.1:8080,10\.0\.0\.2:8080,10\.0\.0\.3:8080 \+ 2 more\.\.\.$/m);
  });

  it('describes an Ingress: class, address, default backend and rules with their endpoints, or why there are none', () => {
    const ing: Ingress = {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default' },
      spec: { ingressClassName: 'tugboat', rules: [{ host: 'echo.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }, { path: '/v2', pathType: 'Prefix', backend: { service: { name: 'missing', port: { name: 'http' } } } }] } }] },
      status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } },
    };
    const echo: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace: 'default' }, spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    const slice: EndpointSlice = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'echo-1', namespace: 'default' }, addressType: 'IPv4', ports: [{ port: 8080 }], endpoints: [{ addresses: ['127.1.0.2'] }] };
    const out = describeIngress(ing, { services: new Map([['echo', echo]]), slices: new Map([['echo', [slice]]]) }, [], now);
    expect(out).toMatch(/^Address: +127\.0\.0\.1$/m);
    expect(out).toMatch(/^Ingress Class: +tugboat$/m);
    expect(out).toMatch(/^Default backend: +<default>$/m);
    expect(out).toMatch(/^ {2}echo\.test$/m);
    expect(out).toMatch(/^ {4} +\/ +echo:80 \(127\.1\.0\.2:8080\)$/m);
    expect(out).toMatch(/^ {4} +\/v2 +missing:http \(<error: services "missing" not found>\)$/m);
  });

  it.each([['creationTimestamp', 'Creation Timestamp'], ['podIP', 'Pod IP'], ['data', 'Data'], ['hostIPs', 'Host IPs'], ['uid', 'UID'], ['podIPAddress', 'Pod IP Address']])('humanizes %s as %s', (key, want) => {
    expect(humanizeKey(key)).toBe(want);
  });

  it('prints unknown kinds as a tree', () => {
    const out = describeGeneric({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', uid: 'u' }, spec: { items: ['a', 'b'] } }, [], now);
    expect(out).toMatch(/^Metadata:\n {2}UID: +u$/m);
    expect(out).toContain('Spec:\n  Items:\n    a\n    b\n');
  });
});
