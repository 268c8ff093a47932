import { describe, expect, it } from 'vitest';
import { checkKinds, KINDS } from '../../api/kinds/index.js';
import type { KindDefinition } from '../../api/kinds/kind.js';

const base = KINDS.find((k) => k.kind === 'ConfigMap') as KindDefinition;

describe('kind declarations', () => {
  it('every kind validates, and kinds and resources are unique', () => {
    expect(() => checkKinds(KINDS)).not.toThrow();
    for (const k of KINDS) expect(typeof k.validate, k.kind).toBe('function');
  });

  it.each([
    { scenario: 'a kind without validation', kinds: [{ ...base, kind: 'Widget', resource: 'widgets', validate: undefined } as unknown as KindDefinition], error: /Widget declares no validation/ },
    { scenario: 'the same kind twice', kinds: [base, { ...base, resource: 'others' }], error: /duplicate kind:ConfigMap/ },
    { scenario: 'the same resource twice', kinds: [base, { ...base, kind: 'Other' }], error: /duplicate resource:\/configmaps/ },
    { scenario: 'owning an unknown kind', kinds: [{ ...base, owns: ['Nope'] }], error: /owns unknown kind Nope/ },
  ])('start-up refuses $scenario', ({ kinds, error }) => {
    expect(() => checkKinds(kinds)).toThrow(error);
  });

  it('the garbage collector and namespace controller read ownership and deletion order from the declarations', async () => {
    const { DEPENDENT_KINDS, OWNER_KINDS } = await import('../../controllers/gc/controller.js');
    const { deletionOrder } = await import('../../controllers/namespace/plan.js');
    expect([...OWNER_KINDS].sort()).toEqual(['Deployment', 'ReplicaSet', 'Service']);
    expect([...DEPENDENT_KINDS].sort()).toEqual(['EndpointSlice', 'Pod', 'ReplicaSet']);
    const order = deletionOrder().map((r) => r.kind);
    expect(order.slice(0, 2)).toEqual(['Deployment', 'ReplicaSet']);
    expect(order.at(-1)).toBe('Event');
  });
});
