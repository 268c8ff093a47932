import { describe, expect, it } from 'vitest';
import { CycleState, type Resources } from '../../../scheduler/framework.js';
import {
  POD_REQUESTS_KEY, REASON_INSUFFICIENT_CPU, REASON_INSUFFICIENT_MEMORY, REASON_TOO_MANY_PODS,
  createNodeResourcesFit, fits,
} from '../../../scheduler/plugins/node-resources-fit.js';
import { makeNode, makePod } from '../../support/builders.js';
import { nodeInfoOf } from '../helpers.js';

const Mi = 1024 * 1024;
const req = (cpuMillis: number, memoryBytes: number): Resources => ({ cpuMillis, memoryBytes, pods: 1 });

describe('fits', () => {
  // The node: 1 cpu, 1Gi, 3 pods; one pod already uses 600m / 512Mi.
  const used = makePod('used').requests({ cpu: '600m', memory: '512Mi' }).build();
  const node = makeNode('n1').allocatable({ cpu: '1', memory: '1Gi', pods: '3' }).build();

  it.each([
    { scenario: 'fits exactly into what is left', request: req(400, 512 * Mi), others: 0, want: [] },
    { scenario: 'cpu short by 1m', request: req(401, 0), others: 0, want: [REASON_INSUFFICIENT_CPU] },
    { scenario: 'memory short by 1 byte', request: req(0, 512 * Mi + 1), others: 0, want: [REASON_INSUFFICIENT_MEMORY] },
    { scenario: 'both short: both reasons', request: req(2000, 2048 * Mi), others: 0, want: [REASON_INSUFFICIENT_CPU, REASON_INSUFFICIENT_MEMORY] },
    { scenario: 'a pod requesting nothing fits a full node', request: req(0, 0), others: 0, want: [] },
    { scenario: 'pod slots exhausted (1 used + 2 others = 3)', request: req(0, 0), others: 2, want: [REASON_TOO_MANY_PODS] },
  ])('$scenario', ({ request, others, want }) => {
    const extra = Array.from({ length: others }, (_, i) => makePod(`other-${i}`).build());
    expect(fits(request, nodeInfoOf(node, used, ...extra))).toEqual(want);
  });

  it('reports a node without allocatable cpu as Insufficient cpu for a pod that asks for cpu', () => {
    expect(fits(req(1, 0), nodeInfoOf(makeNode('bare').build()))).toEqual([REASON_INSUFFICIENT_CPU]);
  });
});

describe('NodeResourcesFit PreFilter', () => {
  it.each([
    {
      scenario: 'requests default to limits per container',
      // c1: requests 100m (its 1-cpu limit is ignored); c2: no requests, limits 500m / 1Gi -> 600m, 1Gi.
      pod: makePod('p').container({ name: 'c1', resources: { requests: { cpu: '100m' }, limits: { cpu: '1' } } })
        .container({ name: 'c2', resources: { limits: { cpu: '500m', memory: '1Gi' } } }).build(),
      requested: { cpuMillis: 600, memoryBytes: 1024 * Mi, pods: 1 },
      // c1 has no memory at all -> counts 200Mi when scoring; c2 has 1Gi.
      nonZero: { cpuMillis: 600, memoryBytes: 1224 * Mi, pods: 1 },
    },
    {
      scenario: 'a pod that requests nothing counts 100m / 200Mi per container for scoring',
      pod: makePod('p').container({ name: 'a' }).container({ name: 'b' }).build(),
      requested: { cpuMillis: 0, memoryBytes: 0, pods: 1 },
      nonZero: { cpuMillis: 200, memoryBytes: 400 * Mi, pods: 1 },
    },
  ])('$scenario', ({ pod, requested, nonZero }) => {
    const state = new CycleState();
    expect(createNodeResourcesFit().preFilter(state, pod).code).toBe('Success');
    expect(state.read(POD_REQUESTS_KEY)).toEqual({ requested, nonZero });
  });

  it('returns Error (not a throw) for a quantity that does not parse', () => {
    const pod = makePod('bad').requests({ cpu: 'lots' }).build();
    const status = createNodeResourcesFit().preFilter(new CycleState(), pod);
    expect(status.code).toBe('Error');
    expect(status.reasons[0]).toMatch(/invalid resource request/);
  });
});

describe('NodeResourcesFit Filter', () => {
  const node = makeNode('n1').allocatable({ cpu: '2', memory: '1Gi' }).build();
  it.each([
    { scenario: 'room left', pod: makePod('p').requests({ cpu: '1', memory: '256Mi' }).build(), code: 'Success', reasons: [] },
    { scenario: 'memory too small', pod: makePod('p').requests({ cpu: '1', memory: '2Gi' }).build(), code: 'Unschedulable', reasons: [REASON_INSUFFICIENT_MEMORY] },
    { scenario: 'limits only, too much cpu', pod: makePod('p').limits({ cpu: '3' }).build(), code: 'Unschedulable', reasons: [REASON_INSUFFICIENT_CPU] },
  ])('$scenario', ({ pod, code, reasons }) => {
    const plugin = createNodeResourcesFit();
    const state = new CycleState();
    plugin.preFilter(state, pod);
    expect(plugin.filter(state, pod, nodeInfoOf(node))).toEqual({ code, reasons });
  });
});
