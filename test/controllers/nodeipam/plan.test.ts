import { describe, expect, it } from 'vitest';
import { defaultIpamConfig, ipamConfigError, nextNodeCidr, type IpamConfig } from '../../../controllers/nodeipam/plan.js';

const DEFAULTS = defaultIpamConfig('127.96.0.0/12');

describe('nextNodeCidr', () => {
  it.each<{ scenario: string; config?: IpamConfig; taken: string[]; next: string | undefined }>([
    // 127.0.0.0/16 is reserved (the host's 127.0.0.1), so the first node gets 127.1.0.0/16.
    { scenario: 'the first node', taken: [], next: '127.1.0.0/16' },
    { scenario: 'lowest free, not the next after the highest', taken: ['127.1.0.0/16', '127.3.0.0/16'], next: '127.2.0.0/16' },
    // 127.96.0.0/12 covers 127.96 .. 127.111: the node after 127.95 is 127.112.
    { scenario: 'skips the service CIDR', taken: Array.from({ length: 95 }, (_, i) => `127.${i + 1}.0.0/16`), next: '127.112.0.0/16' },
    { scenario: 'a range overlapping a taken one is taken', config: { clusterCIDR: '127.0.0.0/8', nodeMaskSize: 24, reserved: [] }, taken: ['127.0.0.0/16'], next: '127.1.0.0/24' },
    { scenario: 'exhausted', config: { clusterCIDR: '127.200.0.0/15', nodeMaskSize: 16, reserved: ['127.200.0.0/16'] }, taken: ['127.201.0.0/16'], next: undefined },
  ])('$scenario', ({ config, taken, next }) => {
    expect(nextNodeCidr(config ?? DEFAULTS, taken)).toBe(next);
  });
});

describe('ipamConfigError', () => {
  it.each([
    { config: DEFAULTS, error: undefined },
    { config: { ...DEFAULTS, clusterCIDR: '127.0.0.1/8' }, error: /not a valid IPv4 CIDR/ },
    { config: { ...DEFAULTS, nodeMaskSize: 4 }, error: /between 8 and 30/ },
    { config: { ...DEFAULTS, reserved: ['x'] }, error: /reserved range "x"/ },
  ])('$config.clusterCIDR /$config.nodeMaskSize', ({ config, error }) => {
    const got = ipamConfigError(config);
    if (error === undefined) expect(got).toBeUndefined(); else expect(got).toMatch(error);
  });
});
