import { describe, expect, it } from 'vitest';
import { buildNode, computeNodeStatus, type NodeParams } from '../../../agent/node/node-status.js';
import { makeNode } from '../../support/builders.js';

const params: NodeParams = {
  nodeName: 'n1', capacity: { cpuMillis: 1500, memoryBytes: 3 * 2 ** 30 + 2 ** 29, pods: 110 }, labels: { zone: 'a' },
  logPort: 40123, runtimeVersion: 'docker://20.10.24', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0',
};
const T0 = new Date('2024-01-01T00:00:00Z');
const T1 = new Date('2024-01-01T00:00:10Z');

describe('node status', () => {
  it('a fresh Node carries the labels, Kubernetes quantities, Ready, addresses, the log port and nodeInfo', () => {
    const node = buildNode(params, T0);
    expect(node.metadata).toEqual({ name: 'n1', labels: { 'kubernetes.io/hostname': 'n1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', zone: 'a' } });
    expect(node.status).toMatchObject({
      capacity: { cpu: '1500m', memory: '3584Mi', pods: '110' },
      allocatable: { cpu: '1500m', memory: '3584Mi', pods: '110' },
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: 'n1' }],
      daemonEndpoints: { kubeletEndpoint: { Port: 40123 } },
      nodeInfo: { kubeletVersion: 'v1.32.0-tugboat', containerRuntimeVersion: 'docker://20.10.24', operatingSystem: 'linux', architecture: 'amd64', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0' },
    });
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toEqual({
      type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'tugboat agent is posting ready status',
      lastHeartbeatTime: T0.toISOString(), lastTransitionTime: T0.toISOString(),
    });
    expect(node.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
  });

  it.each([
    { name: 'Ready stays True: heartbeat moves, transition stays', before: 'True' as const, transition: T0 },
    { name: 'Ready was Unknown (node controller): both move', before: 'Unknown' as const, transition: T1 },
  ])('heartbeat: $name', ({ before, transition }) => {
    const existing = { conditions: [{ type: 'Ready', status: before, lastHeartbeatTime: T0.toISOString(), lastTransitionTime: T0.toISOString() }] };
    const ready = computeNodeStatus(params, T1, existing).conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', lastHeartbeatTime: T1.toISOString(), lastTransitionTime: transition.toISOString() });
  });

  it('re-registration updates an existing Node in place: uid, resourceVersion, spec and other labels kept', () => {
    const existing = makeNode('n1').labels({ team: 'x', zone: 'old' }).unschedulable().resourceVersion('7').build();
    const node = buildNode(params, T1, existing);
    expect(node.metadata).toMatchObject({ uid: 'uid-n1', resourceVersion: '7', labels: { team: 'x', zone: 'a', 'kubernetes.io/os': 'linux' } });
    expect(node.spec).toEqual({ unschedulable: true });
  });
});
