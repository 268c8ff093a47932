import { describe, expect, it } from 'vitest';
import { defaultDataDir, defaultKubeconfigPath, kubeconfigEnvPaths } from '../../api/paths.js';

const HOME = '/home/u';

describe('defaultDataDir', () => {
  it.each([
    { scenario: 'unset: ~/.tugboat', env: {}, want: '/home/u/.tugboat' },
    { scenario: 'TUGBOAT_DATA_DIR wins', env: { TUGBOAT_DATA_DIR: '/data' }, want: '/data' },
    { scenario: 'relative TUGBOAT_DATA_DIR is kept as given', env: { TUGBOAT_DATA_DIR: 'state' }, want: 'state' },
    { scenario: 'empty TUGBOAT_DATA_DIR counts as unset', env: { TUGBOAT_DATA_DIR: '' }, want: '/home/u/.tugboat' },
    { scenario: 'KUBECONFIG does not move the data dir', env: { KUBECONFIG: '/k/config' }, want: '/home/u/.tugboat' },
  ])('$scenario', ({ env, want }) => {
    expect(defaultDataDir(env, HOME)).toBe(want);
  });
});

describe('defaultKubeconfigPath', () => {
  it.each([
    { scenario: 'unset: ~/.tugboat/kubeconfig', env: {}, want: '/home/u/.tugboat/kubeconfig' },
    { scenario: 'TUGBOAT_DATA_DIR/kubeconfig', env: { TUGBOAT_DATA_DIR: '/data' }, want: '/data/kubeconfig' },
    { scenario: 'trailing slash on the data dir is normalised', env: { TUGBOAT_DATA_DIR: '/data/' }, want: '/data/kubeconfig' },
    { scenario: 'KUBECONFIG wins over the data dir', env: { KUBECONFIG: '/k/a', TUGBOAT_DATA_DIR: '/data' }, want: '/k/a' },
    { scenario: 'first of several KUBECONFIG entries', env: { KUBECONFIG: '/k/a:/k/b' }, want: '/k/a' },
    { scenario: 'empty KUBECONFIG entries are skipped', env: { KUBECONFIG: ':/k/b' }, want: '/k/b' },
    { scenario: 'empty KUBECONFIG counts as unset', env: { KUBECONFIG: '', TUGBOAT_DATA_DIR: '/data' }, want: '/data/kubeconfig' },
    { scenario: 'KUBECONFIG of only separators counts as unset', env: { KUBECONFIG: '::' }, want: '/home/u/.tugboat/kubeconfig' },
  ])('$scenario', ({ env, want }) => {
    expect(defaultKubeconfigPath(env, HOME)).toBe(want);
  });
});

describe('kubeconfigEnvPaths', () => {
  it.each([
    { scenario: 'unset', env: {}, want: [] },
    { scenario: 'one entry', env: { KUBECONFIG: '/k/a' }, want: ['/k/a'] },
    { scenario: 'several in order, empties dropped', env: { KUBECONFIG: '/k/a::/k/b:' }, want: ['/k/a', '/k/b'] },
  ])('$scenario', ({ env, want }) => {
    expect(kubeconfigEnvPaths(env)).toEqual(want);
  });
});
