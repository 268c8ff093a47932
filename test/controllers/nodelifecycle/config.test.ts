import { describe, expect, it } from 'vitest';
import { nodeGracePeriodFromEnv } from '../../../controllers/nodelifecycle/config.js';

describe('nodeGracePeriodFromEnv (TUGBOAT_NODE_GRACE_SECONDS)', () => {
  it.each([
    { scenario: 'unset: the default', value: undefined, want: {} },
    { scenario: 'empty: the default', value: ' ', want: {} },
    { scenario: 'whole seconds', value: '60', want: { ms: 60_000 } },
    { scenario: 'fractional seconds', value: '12.5', want: { ms: 12_500 } },
    { scenario: 'at the heartbeat period: accepted with a warning', value: '10', want: { ms: 10_000, warning: expect.stringContaining('flap') } },
    { scenario: 'zero', value: '0', want: { error: 'TUGBOAT_NODE_GRACE_SECONDS must be a positive number of seconds (got "0")' } },
    { scenario: 'a duration string', value: '40s', want: { error: 'TUGBOAT_NODE_GRACE_SECONDS must be a positive number of seconds (got "40s")' } },
    { scenario: 'negative', value: '-5', want: { error: expect.stringContaining('positive') } },
  ])('$scenario', ({ value, want }) => {
    expect(nodeGracePeriodFromEnv({ TUGBOAT_NODE_GRACE_SECONDS: value })).toEqual(want);
  });
});
