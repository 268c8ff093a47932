import { describe, expect, it } from 'vitest';
import { parseAgentFlags, UsageError, type AgentFlags } from '../../agent/flags.js';

const HOME = '/home/u';

describe('parseAgentFlags', () => {
  it.each<{ name: string; argv: string[]; env?: Record<string, string>; expected: Partial<AgentFlags> }>([
    {
      name: 'defaults: 2 CPUs, 4Gi, 110 pods, random log port, ~/.tugboat/kubeconfig',
      argv: ['--node', 'n1'],
      expected: {
        nodeName: 'n1', cpuMillis: 2000, memoryBytes: 4 * 2 ** 30, pods: 110, labels: {}, logPort: 0, dockerSocket: '/var/run/docker.sock',
        connection: { kind: 'kubeconfig', path: '/home/u/.tugboat/kubeconfig' },
      },
    },
    {
      name: 'sizes, repeated labels, log port and socket',
      argv: ['--node', 'n1', '--cpu', '500m', '--memory', '512Mi', '--pods', '20', '--label', 'zone=a', '--label', 'disk=ssd', '--log-port', '10250', '--docker-socket', '/tmp/d.sock'],
      expected: { cpuMillis: 500, memoryBytes: 512 * 2 ** 20, pods: 20, labels: { zone: 'a', disk: 'ssd' }, logPort: 10250, dockerSocket: '/tmp/d.sock' },
    },
    { name: 'KUBECONFIG wins over the data dir', argv: ['--node', 'n1'], env: { KUBECONFIG: '/k/a:/k/b', TUGBOAT_DATA_DIR: '/d' }, expected: { connection: { kind: 'kubeconfig', path: '/k/a' } } },
    { name: 'TUGBOAT_DATA_DIR/kubeconfig', argv: ['--node', 'n1'], env: { TUGBOAT_DATA_DIR: '/d' }, expected: { connection: { kind: 'kubeconfig', path: '/d/kubeconfig' } } },
    { name: '--kubeconfig wins over the environment', argv: ['--node', 'n1', '--kubeconfig', '/x'], env: { KUBECONFIG: '/k' }, expected: { connection: { kind: 'kubeconfig', path: '/x' } } },
    {
      name: '--server with the join token and a CA file',
      argv: ['--node', 'n1', '--server', 'https://127.0.0.1:6443', '--token', 't0k', '--ca-file', '/ca.pem'],
      expected: { connection: { kind: 'server', server: 'https://127.0.0.1:6443', token: 't0k', caFile: '/ca.pem', insecureSkipTLSVerify: false } },
    },
    {
      name: '--server with --insecure-skip-tls-verify',
      argv: ['--node', 'n1', '--server', 'https://h:6443', '--token', 't', '--insecure-skip-tls-verify'],
      expected: { connection: { kind: 'server', server: 'https://h:6443', token: 't', insecureSkipTLSVerify: true } },
    },
  ])('$name', ({ argv, env, expected }) => {
    expect(parseAgentFlags(argv, env ?? {}, HOME)).toMatchObject(expected);
  });

  it.each([
    ['no --node', [], /--node NAME is required/],
    ['--server without --token', ['--node', 'n', '--server', 'https://h'], /--token/],
    ['--token without --server', ['--node', 'n', '--token', 't'], /go with --server/],
    ['both TLS options', ['--node', 'n', '--server', 'https://h', '--token', 't', '--ca-file', 'x', '--insecure-skip-tls-verify'], /exclude each other/],
    ['a bad quantity', ['--node', 'n', '--memory', 'lots'], /--memory lots: not a quantity/],
    ['a bad label', ['--node', 'n', '--label', 'novalue'], /expected key=value/],
    ['a bad port', ['--node', 'n', '--log-port', '65.5'], /--log-port 65.5: expected an integer/],
    ['an unknown flag', ['--node', 'n', '--bogus'], /bogus/],
  ])('rejects %s', (_name, argv, message) => {
    expect(() => parseAgentFlags(argv, {}, HOME)).toThrow(UsageError);
    expect(() => parseAgentFlags(argv, {}, HOME)).toThrow(message);
  });
});
