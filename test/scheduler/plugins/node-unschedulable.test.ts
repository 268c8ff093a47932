import { describe, expect, it } from 'vitest';
import { CycleState } from '../../../scheduler/framework.js';
import { REASON_UNSCHEDULABLE, createNodeUnschedulable } from '../../../scheduler/plugins/node-unschedulable.js';
import { makeNode, makePod } from '../../support/builders.js';
import { nodeInfoOf } from '../helpers.js';

const pod = makePod('p').build();

describe('NodeUnschedulable', () => {
  it.each([
    { scenario: 'cordoned node', node: makeNode('n').unschedulable().build(), want: { code: 'Unschedulable', reasons: [REASON_UNSCHEDULABLE] } },
    { scenario: 'uncordoned node', node: makeNode('n').unschedulable(false).build(), want: { code: 'Success', reasons: [] } },
    { scenario: 'spec.unschedulable absent', node: makeNode('n').build(), want: { code: 'Success', reasons: [] } },
  ])('$scenario', ({ node, want }) => {
    expect(createNodeUnschedulable().filter(new CycleState(), pod, nodeInfoOf(node))).toEqual(want);
  });

  it('uses the Kubernetes wording', () => { expect(REASON_UNSCHEDULABLE).toBe('node(s) were unschedulable'); });
});
