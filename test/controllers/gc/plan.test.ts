import { describe, expect, it } from 'vitest';
import type { OwnerReference } from '../../../api/types.js';
import { gcDecision, gcKey, parseGcKey, type OwnerState } from '../../../controllers/gc/plan.js';

const ref = (name: string): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: `uid-${name}`, controller: true });

describe('gcDecision', () => {
  it.each<{ scenario: string; refs: OwnerReference[]; states: OwnerState[]; want: ReturnType<typeof gcDecision> }>([
    { scenario: 'no owners: never collected', refs: [], states: [], want: { action: 'keep' } },
    { scenario: 'owner present', refs: [ref('a')], states: ['present'], want: { action: 'keep' } },
    { scenario: 'only owner gone (or replaced by another uid)', refs: [ref('a')], states: ['absent'], want: { action: 'delete' } },
    { scenario: 'every owner gone', refs: [ref('a'), ref('b')], states: ['absent', 'absent'], want: { action: 'delete' } },
    { scenario: 'one of two owners gone: drop the dangling reference', refs: [ref('a'), ref('b')], states: ['absent', 'present'], want: { action: 'removeRefs', remaining: [ref('b')] } },
    { scenario: 'unknown owner kind counts as present', refs: [ref('a')], states: ['unknown'], want: { action: 'keep' } },
    { scenario: 'unknown plus gone keeps the unknown one', refs: [ref('a'), ref('b')], states: ['unknown', 'absent'], want: { action: 'removeRefs', remaining: [ref('a')] } },
  ])('$scenario', ({ refs, states, want }) => {
    expect(gcDecision(refs, states)).toEqual(want);
  });
});

describe('gc keys', () => {
  it.each([
    { kind: 'Pod', key: 'default/web-1' },
    { kind: 'ReplicaSet', key: 'prod/web-abc' },
  ])('round-trips $kind $key', ({ kind, key }) => {
    expect(parseGcKey(gcKey(kind, key))).toEqual({ kind, objectKey: key });
  });

  it('rejects a key without a kind', () => {
    expect(parseGcKey('default/web')).toBeUndefined();
    expect(parseGcKey(':default/web')).toBeUndefined();
  });
});
