import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '../../../api/types.js';
import { desiredSubsets } from '../../../controllers/endpoints/plan.js';
import { endpointState, resolveTargetPort } from '../../../controllers/endpoints/pods.js';
import { makePod } from '../../support/builders.js';

const svc = (spec: Partial<Service['spec']> = {}): Service => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], ...spec },
});
const web = (name: string, ip: string, named = 8080) => makePod(name).labels({ app: 'web' }).nodeName('node-1').podIP(ip)
  .container({ name: 'app', ports: [{ containerPort: named, name: 'http', protocol: 'TCP' }] });
const ref = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` });

describe('endpointState', () => {
  it.each<{ scenario: string; pod: Pod; publish?: boolean; state: ReturnType<typeof endpointState> }>([
    { scenario: 'ready', pod: web('a', '127.1.0.2').ready().build(), state: { ip: '127.1.0.2', ready: true, serving: true, terminating: false } },
    { scenario: 'running, not ready', pod: web('a', '127.1.0.2').phase('Running').build(), state: { ip: '127.1.0.2', ready: false, serving: false, terminating: false } },
    { scenario: 'no address yet', pod: makePod('a').ready().build(), state: undefined },
    { scenario: 'finished', pod: web('a', '127.1.0.2').phase('Succeeded').build(), state: undefined },
    { scenario: 'terminating while ready: serving, not ready', pod: web('a', '127.1.0.2').ready().deletionTimestamp().build(), state: { ip: '127.1.0.2', ready: false, serving: true, terminating: true } },
    { scenario: 'publishNotReadyAddresses', pod: web('a', '127.1.0.2').phase('Running').build(), publish: true, state: { ip: '127.1.0.2', ready: true, serving: true, terminating: false } },
  ])('$scenario', ({ pod, publish, state }) => {
    expect(endpointState(pod, publish ?? false)).toEqual(state);
  });
});

describe('resolveTargetPort', () => {
  it.each([
    { scenario: 'a number', targetPort: 9090, port: 9090 },
    { scenario: 'a numeric string', targetPort: '9090', port: 9090 },
    { scenario: 'a name the pod has', targetPort: 'http', port: 8080 },
    { scenario: 'a name the pod lacks', targetPort: 'grpc', port: undefined },
    { scenario: 'no targetPort: the port', targetPort: undefined, port: 80 },
  ])('$scenario', ({ targetPort, port }) => {
    expect(resolveTargetPort(web('a', '127.1.0.2').build(), { port: 80, ...(targetPort === undefined ? {} : { targetPort }) })).toBe(port);
  });
});

describe('desiredSubsets', () => {
  it.each<{ scenario: string; service?: Service; pods: Pod[]; subsets: unknown }>([
    {
      scenario: 'ready and not-ready pods, sorted by address',
      pods: [web('b', '127.1.0.10').ready().build(), web('a', '127.1.0.9').ready().build(), web('c', '127.1.0.3').phase('Running').build()],
      subsets: [{
        addresses: [{ ip: '127.1.0.9', nodeName: 'node-1', targetRef: ref('a') }, { ip: '127.1.0.10', nodeName: 'node-1', targetRef: ref('b') }],
        notReadyAddresses: [{ ip: '127.1.0.3', nodeName: 'node-1', targetRef: ref('c') }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      }],
    },
    {
      scenario: 'pods of other apps, other namespaces, terminating or without address are left out',
      pods: [makePod('x').labels({ app: 'other' }).podIP('127.1.0.4').ready().build(), web('n', '127.1.0.5').namespace('other').ready().build(), web('t', '127.1.0.6').ready().deletionTimestamp().build(), makePod('p').labels({ app: 'web' }).ready().build()],
      subsets: [],
    },
    {
      scenario: 'a named targetPort resolving differently per pod makes two subsets',
      service: svc({ ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
      pods: [web('a', '127.1.0.2', 8080).ready().build(), web('b', '127.1.0.3', 9090).ready().build()],
      subsets: [
        { addresses: [{ ip: '127.1.0.2', nodeName: 'node-1', targetRef: ref('a') }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
        { addresses: [{ ip: '127.1.0.3', nodeName: 'node-1', targetRef: ref('b') }], ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] },
      ],
    },
    { scenario: 'a pod lacking the named port is left out', service: svc({ ports: [{ port: 80, targetPort: 'grpc' }] }), pods: [web('a', '127.1.0.2').ready().build()], subsets: [] },
  ])('$scenario', ({ service, pods, subsets }) => {
    expect(desiredSubsets(service ?? svc(), pods)).toEqual(subsets);
  });
});
