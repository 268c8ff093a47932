/**
 * Valid manifests and statuses of every kind in api/resources.ts, filled in as far as the types go,
 * for the fuzzer to mutate (test/support/hostile-values.ts). Each call returns a fresh object.
 */

type Json = Record<string, unknown>;

const TS = '2024-01-01T00:00:00Z';

function podSpec(nodeName?: string): Json {
  return {
    ...(nodeName ? { nodeName } : {}),
    restartPolicy: 'Always', terminationGracePeriodSeconds: 5, nodeSelector: { disk: 'ssd' }, hostname: 'h',
    containers: [{
      name: 'app', image: 'tugboat/echo:1', imagePullPolicy: 'IfNotPresent', command: ['/bin/echo'], args: ['hi'],
      env: [{ name: 'A', value: 'b' }], ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }],
      resources: { limits: { cpu: '100m', memory: '32Mi' }, requests: { cpu: '50m', memory: '16Mi' } },
      readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5, failureThreshold: 3 },
      livenessProbe: { tcpSocket: { port: 'http' }, initialDelaySeconds: 1 }, workingDir: '/',
    }, { name: 'side', image: 'tugboat/busybox:1' }],
  };
}

function template(app: string, nodeName?: string): Json {
  return { metadata: { labels: { app } }, spec: podSpec(nodeName) };
}

/** A valid object of `kind` named `name` (in `namespace` when namespaced). `nodeName` binds Pods and templates. */
export function manifestFor(kind: string, name: string, namespace: string, nodeName?: string): Json {
  const meta = { name, namespace, labels: { app: name, tier: 'x' }, annotations: { note: 'n' } };
  switch (kind) {
    case 'Pod': return { apiVersion: 'v1', kind, metadata: meta, spec: podSpec(nodeName) };
    case 'Deployment': return {
      apiVersion: 'apps/v1', kind, metadata: meta,
      spec: {
        replicas: 1, selector: { matchLabels: { app: name }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['y'] }] },
        template: template(name, nodeName), strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
        minReadySeconds: 0, revisionHistoryLimit: 2, progressDeadlineSeconds: 60, paused: false,
      },
    };
    case 'ReplicaSet': return {
      apiVersion: 'apps/v1', kind, metadata: meta,
      spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: template(name, nodeName), minReadySeconds: 0 },
    };
    case 'Service': return {
      apiVersion: 'v1', kind, metadata: meta,
      spec: { type: 'ClusterIP', selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
    };
    case 'Ingress': return {
      apiVersion: 'networking.k8s.io/v1', kind, metadata: meta,
      spec: {
        ingressClassName: 'tugboat', defaultBackend: { service: { name: 'web', port: { number: 80 } } },
        rules: [{ host: 'example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }],
        tls: [{ hosts: ['example.com'], secretName: 's' }],
      },
    };
    case 'Node': return { apiVersion: 'v1', kind, metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: { unschedulable: false, taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }, status: statusFor('Node', name) };
    case 'Namespace': return { apiVersion: 'v1', kind, metadata: { name, labels: { team: 'a' } }, spec: { finalizers: ['kubernetes'] } };
    case 'ConfigMap': return { apiVersion: 'v1', kind, metadata: meta, data: { 'a.txt': 'hello', b: '' } };
    case 'Event': return {
      apiVersion: 'v1', kind, metadata: meta, involvedObject: { kind: 'Pod', namespace, name: 'p', uid: 'u', apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
      reason: 'Started', message: 'Started container', type: 'Normal', source: { component: 'kubelet', host: 'n' }, firstTimestamp: TS, lastTimestamp: TS, count: 2,
    };
    case 'Endpoints': return {
      apiVersion: 'v1', kind, metadata: meta,
      subsets: [{ addresses: [{ ip: '127.1.0.2', nodeName: 'n', targetRef: { kind: 'Pod', namespace, name: 'p', uid: 'u' } }], notReadyAddresses: [{ ip: '127.1.0.3' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
    };
    case 'EndpointSlice': return {
      apiVersion: 'discovery.k8s.io/v1', kind, metadata: { ...meta, labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4',
      endpoints: [{ addresses: ['127.1.0.2'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'n', targetRef: { kind: 'Pod', namespace, name: 'p', uid: 'u' } }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    };
    case 'IngressClass': return {
      apiVersion: 'networking.k8s.io/v1', kind, metadata: { name, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'false' } },
      spec: { controller: 'example.com/ingress-controller', parameters: { apiGroup: 'example.com', kind: 'Params', name: 'p', scope: 'Cluster' } },
    };
    default: throw new Error(`no manifest for kind ${kind}`);
  }
}

const condition = (type: string): Json => ({ type, status: 'True', reason: 'R', message: 'm', lastTransitionTime: TS });

/** A valid status of `kind` (what its writer would PUT to the status subresource). */
export function statusFor(kind: string, name = 'x'): Json {
  switch (kind) {
    case 'Pod': return {
      phase: 'Running', hostIP: '10.0.0.9', podIP: '172.17.0.2', podIPs: [{ ip: '172.17.0.2' }], startTime: TS, reason: 'r', message: 'm',
      conditions: [{ ...condition('Ready'), lastProbeTime: null }, condition('PodScheduled')],
      containerStatuses: [{
        name: 'app', image: 'tugboat/echo:1', imageID: 'sha256:1', containerID: 'fake://1', ready: true, started: true, restartCount: 1,
        state: { running: { startedAt: TS } }, lastState: { terminated: { exitCode: 1, reason: 'Error', signal: 9, startedAt: TS, finishedAt: TS } },
      }, { name: 'side', image: 'tugboat/busybox:1', ready: false, restartCount: 0, state: { waiting: { reason: 'CrashLoopBackOff', message: 'm' } } }],
    };
    case 'Deployment': return {
      observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 0,
      conditions: [{ ...condition('Available'), lastUpdateTime: TS }, condition('Progressing')],
    };
    case 'ReplicaSet': return { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 };
    case 'Node': return {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' }, allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      conditions: [{ ...condition('Ready'), lastHeartbeatTime: TS }, { ...condition('MemoryPressure'), status: 'False' }],
      addresses: [{ type: 'InternalIP', address: '10.0.0.9' }, { type: 'Hostname', address: name }],
      nodeInfo: { kubeletVersion: 'v1.32.0', containerRuntimeVersion: 'fake://1', operatingSystem: 'linux', architecture: 'amd64', osImage: 'Linux', kernelVersion: '6' },
    };
    case 'Namespace': return { phase: 'Active' };
    case 'Service': return { loadBalancer: {} };
    case 'Ingress': return { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } };
    default: return {};
  }
}
