import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/types.js';
import { toContainerSpec } from '../../../agent/pods/container-spec.js';
import { containerName, podKeyOfLabels, restartCountOfLabels } from '../../../agent/runtime/naming.js';
import { makePod } from '../../support/builders.js';
import { TEST_ADDRESS, TEST_SCOPE } from '../helpers.js';

const pod = (build: (b: ReturnType<typeof makePod>) => ReturnType<typeof makePod>): Pod =>
  build(makePod('web-1').uid('0123abcd-ef45-6789-abcd-ef0123456789')).build();

describe('toContainerSpec', () => {
  it.each<{ name: string; pod: Pod; expected: Record<string, unknown>; absent?: string[] }>([
    {
      name: 'limits become memoryBytes and nanoCpus (250m = 250 * 1e6)',
      pod: pod((b) => b.container({ name: 'app', image: 'tugboat/echo:1' }).limits({ cpu: '250m', memory: '64Mi' })),
      expected: { memoryBytes: 67_108_864, nanoCpus: 250_000_000, image: 'tugboat/echo:1', hostname: 'web-1' },
    },
    {
      name: 'whole cores: "2" = 2e9 nano-CPUs; requests alone set no limit',
      pod: pod((b) => b.container({ name: 'app', image: 'x:1' }).limits({ cpu: '2' }).requests({ memory: '1Gi' })),
      expected: { nanoCpus: 2_000_000_000 }, absent: ['memoryBytes'],
    },
    {
      name: 'env list becomes a map (missing value = empty), command and args pass through',
      pod: pod((b) => b.container({ name: 'app', image: 'x:1', env: [{ name: 'A', value: '1' }, { name: 'B' }], command: ['/bin/sh', '-c'], args: ['echo hi'], workingDir: '/tmp' })),
      expected: { env: { A: '1', B: '' }, command: ['/bin/sh', '-c'], args: ['echo hi'], workingDir: '/tmp' },
    },
    {
      name: 'TCP and UDP ports are published on the pod address with their own number, SCTP is skipped; empty command means the image default',
      pod: pod((b) => b.container({ name: 'app', image: 'x:1', command: [], ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }, { containerPort: 9, protocol: 'SCTP' }] })),
      expected: { ports: [{ containerPort: 80, protocol: 'tcp', bindings: [{ hostIp: '127.1.0.2', hostPort: 80 }] }, { containerPort: 53, protocol: 'udp', bindings: [{ hostIp: '127.1.0.2', hostPort: 53 }] }] }, absent: ['command', 'args', 'memoryBytes', 'nanoCpus'],
    },
  ])('$name', ({ pod: p, expected, absent }) => {
    const c = p.spec.containers[0];
    if (!c) throw new Error('no container');
    const spec = toContainerSpec(p, c, TEST_SCOPE, 0, TEST_ADDRESS);
    expect(spec).toMatchObject(expected);
    for (const key of absent ?? []) expect(spec).not.toHaveProperty(key);
  });

  it('names are engine-wide unique per pod uid and restart, and labels map back to the pod', () => {
    const p = pod((b) => b.container({ name: 'app', image: 'x:1' }));
    const c = p.spec.containers[0];
    if (!c) throw new Error('no container');
    const spec = toContainerSpec(p, c, TEST_SCOPE, 3, TEST_ADDRESS);
    expect(spec.name).toBe('tug_default_web-1_app_0123abcd_3');
    expect(containerName({ ...p, metadata: { ...p.metadata, uid: 'ffff0000-1111' } }, 'app', 3)).toBe('tug_default_web-1_app_ffff0000_3');
    expect(spec.labels).toEqual({
      'tugboat.io/managed': 'true', 'tugboat.io/pod-uid': '0123abcd-ef45-6789-abcd-ef0123456789', 'tugboat.io/pod-namespace': 'default',
      'tugboat.io/pod-name': 'web-1', 'tugboat.io/container-name': 'app', 'tugboat.io/node': 'node-1', 'tugboat.io/cluster': 'cluster-a', 'tugboat.io/restart-count': '3',
      'tugboat.io/pod-ip': '127.1.0.2',
    });
    expect(podKeyOfLabels(spec.labels)).toBe('default/web-1');
    expect(restartCountOfLabels(spec.labels)).toBe(3);
    expect([podKeyOfLabels({}), restartCountOfLabels({ 'tugboat.io/restart-count': 'x' })]).toEqual([undefined, 0]);
  });
});
