/** Command-line flags of agent/main.ts (`tug agent ...`), parsed with node:util parseArgs. */
import { parseArgs } from 'node:util';
import { defaultKubeconfigPath } from '../api/paths.js';
import { cpuMillis, memoryBytes } from '../api/quantity.js';

/** How to reach the API server: a kubeconfig file, or a server URL with the join token. */
export type AgentConnection =
  | { kind: 'kubeconfig'; path: string }
  | { kind: 'server'; server: string; token: string; caFile?: string; insecureSkipTLSVerify: boolean };

/** The parsed flags. */
export interface AgentFlags {
  nodeName: string;
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
  labels: Record<string, string>;
  connection: AgentConnection;
  logPort: number;
  dockerSocket: string;
}

/** Usage text, printed with flag errors. */
export const AGENT_USAGE = `Usage: tug agent --node NAME [--cpu 2] [--memory 4Gi] [--pods 110] [--label k=v ...]
                 [--kubeconfig PATH | --server URL --token TOKEN [--ca-file PATH | --insecure-skip-tls-verify]]
                 [--log-port 0] [--docker-socket /var/run/docker.sock]`;

/** A flag error; main prints it with the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) { super(message); this.name = 'UsageError'; }
}

/** Parses `argv` (without node and the script). `env` and `home` give the kubeconfig default. */
export function parseAgentFlags(argv: string[], env: Record<string, string | undefined>, home: string): AgentFlags {
  const { values } = parseFlags(argv);
  if (!values.node) throw new UsageError('--node NAME is required');
  return {
    nodeName: values.node,
    cpuMillis: quantity('--cpu', values.cpu ?? '2', cpuMillis),
    memoryBytes: quantity('--memory', values.memory ?? '4Gi', memoryBytes),
    pods: integer('--pods', values.pods ?? '110', 1),
    labels: parseLabels(values.label ?? []),
    connection: connectionOf(values, env, home),
    logPort: integer('--log-port', values['log-port'] ?? '0', 0),
    dockerSocket: values['docker-socket'] ?? '/var/run/docker.sock',
  };
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv, allowPositionals: false, strict: true,
      options: {
        node: { type: 'string' }, cpu: { type: 'string' }, memory: { type: 'string' }, pods: { type: 'string' },
        label: { type: 'string', multiple: true }, kubeconfig: { type: 'string' }, server: { type: 'string' },
        token: { type: 'string' }, 'ca-file': { type: 'string' }, 'insecure-skip-tls-verify': { type: 'boolean' },
        'log-port': { type: 'string' }, 'docker-socket': { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

type Values = ReturnType<typeof parseFlags>['values'];

function connectionOf(values: Values, env: Record<string, string | undefined>, home: string): AgentConnection {
  if (values.server) {
    if (!values.token) throw new UsageError('--server needs --token (the cluster join token)');
    if (values['ca-file'] && values['insecure-skip-tls-verify']) throw new UsageError('--ca-file and --insecure-skip-tls-verify exclude each other');
    return {
      kind: 'server', server: values.server, token: values.token,
      ...(values['ca-file'] ? { caFile: values['ca-file'] } : {}), insecureSkipTLSVerify: values['insecure-skip-tls-verify'] ?? false,
    };
  }
  if (values.token || values['ca-file']) throw new UsageError('--token and --ca-file go with --server');
  return { kind: 'kubeconfig', path: values.kubeconfig ?? defaultKubeconfigPath(env, home) };
}

/** "k=v" pairs; a key may not repeat with different values. */
export function parseLabels(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new UsageError(`--label ${pair}: expected key=value`);
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

function quantity(flag: string, value: string, parse: (q: string) => number): number {
  let n: number;
  try { n = parse(value); } catch { throw new UsageError(`${flag} ${value}: not a quantity`); }
  if (n <= 0) throw new UsageError(`${flag} ${value}: must be positive`);
  return n;
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} ${value}: expected an integer >= ${min}`);
  return n;
}
