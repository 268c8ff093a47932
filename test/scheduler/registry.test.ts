import { describe, expect, it } from 'vitest';
import { buildProfile, profileConfigFor, DEFAULT_REGISTRY } from '../../scheduler/registry.js';

describe('buildProfile', () => {
  it.each([
    { scenario: 'least-allocated', scoring: 'least-allocated' as const, scores: ['LeastAllocated:1', 'BalancedAllocation:1'] },
    { scenario: 'bin-packing', scoring: 'bin-packing' as const, scores: ['BinPack:1'] },
  ])('$scenario profile', ({ scoring, scores }) => {
    const p = buildProfile(profileConfigFor(scoring));
    expect(p.filter.map((f) => f.name)).toEqual(['NodeUnschedulable', 'NodeReady', 'NodeSelector', 'NodeResourcesFit']);
    expect(p.preFilter.map((f) => f.name)).toEqual(['NodeSelector', 'NodeResourcesFit']);
    expect(p.score.map((s) => `${s.plugin.name}:${s.weight}`)).toEqual(scores);
    expect(p.schedulerName).toBe('default-scheduler');
  });

  it('shares one instance between the extension points of a plugin', () => {
    const p = buildProfile(profileConfigFor('least-allocated'));
    expect(p.preFilter.find((x) => x.name === 'NodeResourcesFit')).toBe(p.filter.find((x) => x.name === 'NodeResourcesFit'));
  });

  it.each([
    { scenario: 'unknown plugin', config: { schedulerName: 's', filters: ['Nope'], scores: [] }, error: /unknown plugin "Nope"/ },
    { scenario: 'score plugin listed as a filter', config: { schedulerName: 's', filters: ['BinPack'], scores: [] }, error: /no PreFilter or Filter/ },
    { scenario: 'filter listed as a score', config: { schedulerName: 's', filters: [], scores: [{ name: 'NodeReady', weight: 1 }] }, error: /not a score plugin/ },
    { scenario: 'negative weight', config: { schedulerName: 's', filters: [], scores: [{ name: 'BinPack', weight: -1 }] }, error: /invalid weight/ },
  ])('rejects a config bug: $scenario', ({ config, error }) => {
    expect(() => buildProfile(config)).toThrow(error);
  });

  it('registers every plugin under its own name', () => {
    for (const [name, factory] of Object.entries(DEFAULT_REGISTRY)) expect(factory().name).toBe(name);
  });
});
