import { describe, expect, it } from 'vitest';
import { CycleState } from '../../../scheduler/framework.js';
import { REASON_NOT_READY, createNodeReady } from '../../../scheduler/plugins/node-ready.js';
import { makeNode, makePod } from '../../support/builders.js';
import { nodeInfoOf } from '../helpers.js';

const pod = makePod('p').build();

describe('NodeReady', () => {
  it.each([
    { scenario: 'Ready=True', node: makeNode('n').ready('True').build(), code: 'Success' },
    { scenario: 'Ready=False', node: makeNode('n').ready('False').build(), code: 'Unschedulable' },
    { scenario: 'Ready=Unknown (heartbeats stopped)', node: makeNode('n').ready('Unknown').build(), code: 'Unschedulable' },
    { scenario: 'no Ready condition yet', node: makeNode('n').ready(undefined).build(), code: 'Unschedulable' },
  ])('$scenario', ({ node, code }) => {
    const s = createNodeReady().filter(new CycleState(), pod, nodeInfoOf(node));
    expect(s.code).toBe(code);
    expect(s.reasons).toEqual(code === 'Success' ? [] : [REASON_NOT_READY]);
  });
});
