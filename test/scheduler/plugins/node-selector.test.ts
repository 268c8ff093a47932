import { describe, expect, it } from 'vitest';
import { CycleState } from '../../../scheduler/framework.js';
import { REASON_NODE_SELECTOR_MISMATCH, createNodeSelector } from '../../../scheduler/plugins/node-selector.js';
import { makeNode, makePod } from '../../support/builders.js';
import { nodeInfoOf } from '../helpers.js';

describe('NodeSelector', () => {
  const node = makeNode('n').labels({ disk: 'ssd', zone: 'a' }).build();
  it.each([
    { scenario: 'all selector labels present', selector: { disk: 'ssd' } as Record<string, string>, code: 'Success' },
    { scenario: 'several labels, all match', selector: { disk: 'ssd', zone: 'a' }, code: 'Success' },
    { scenario: 'value differs', selector: { disk: 'hdd' }, code: 'Unschedulable' },
    { scenario: 'one of two labels missing', selector: { disk: 'ssd', gpu: 'yes' }, code: 'Unschedulable' },
  ])('$scenario', ({ selector, code }) => {
    const s = createNodeSelector().filter(new CycleState(), makePod('p').nodeSelector(selector).build(), nodeInfoOf(node));
    expect(s).toEqual({ code, reasons: code === 'Success' ? [] : [REASON_NODE_SELECTOR_MISMATCH] });
  });

  it.each([
    { scenario: 'no nodeSelector: Filter is skipped', selector: undefined as Record<string, string> | undefined, code: 'Skip' },
    { scenario: 'empty nodeSelector: Filter is skipped', selector: {}, code: 'Skip' },
    { scenario: 'a nodeSelector: Filter runs', selector: { disk: 'ssd' }, code: 'Success' },
  ])('PreFilter: $scenario', ({ selector, code }) => {
    const p = selector ? makePod('p').nodeSelector(selector).build() : makePod('p').build();
    expect(createNodeSelector().preFilter(new CycleState(), p).code).toBe(code);
  });
});
