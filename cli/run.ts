/**
 * The dispatcher behind `tug`: finds the command word, loads only that command's module (so startup
 * stays fast), parses its flags, builds the CommandContext and renders any error kubectl-style.
 */
import { ApiClient } from '../client/client.js';
import type { ConnectionConfig } from '../client/kubeconfig.js';
import { GLOBAL_FLAGS, parseArgs, splitCommand, type FlagSpec, type ParsedArgs } from './args.js';
import { COMPONENTS, type ComponentName } from './components.js';
import { defaultNamespace, loadConnection, type Env } from './config.js';
import { contextDefaults, type Command, type CommandContext, type OutputStream } from './context.js';
import { formatError, UsageError } from './errors.js';

interface CommandEntry { summary: string; load(): Promise<Command> }

const COMMANDS: Record<string, CommandEntry> = {
  apply: { summary: 'Apply a configuration to resources by file name or stdin', load: async () => (await import('./commands/apply.js')).command },
  get: { summary: 'Display one or many resources', load: async () => (await import('./commands/get.js')).command },
  describe: { summary: 'Show details of a specific resource', load: async () => (await import('./commands/describe.js')).command },
  delete: { summary: 'Delete resources by file names, stdin, resources and names, or by label selector', load: async () => (await import('./commands/delete.js')).command },
  logs: { summary: 'Print the logs for a container in a pod', load: async () => (await import('./commands/logs.js')).command },
  scale: { summary: 'Set a new size for a deployment or replica set', load: async () => (await import('./commands/scale.js')).command },
  version: { summary: 'Print the client and server version information', load: async () => (await import('./commands/version.js')).command },
};

/** What `runTug` needs from the outside world. Tests pass `client` directly; main.ts passes env and home. */
export interface RunDeps {
  stdout: OutputStream;
  stderr: OutputStream;
  env?: Env;
  home?: string;
  /** Use this client instead of building one from --server or the kubeconfig. */
  client?: ApiClient;
  /** The namespace to default to when -n is absent (tests); otherwise the kubeconfig decides. */
  namespace?: string;
  readStdin?: CommandContext['readStdin'];
  now?: CommandContext['now'];
  sleep?: CommandContext['sleep'];
}

function flagLines(flags: readonly FlagSpec[]): string {
  return flags.map((f) => {
    const names = f.short ? `-${f.short}, --${f.name}` : `    --${f.name}`;
    return `  ${names.padEnd(28)} ${f.help ?? ''}`.trimEnd();
  }).join('\n');
}

function rootHelp(): string {
  const cmds = Object.entries(COMMANDS).map(([name, e]) => `  ${name.padEnd(12)} ${e.summary}`);
  for (const [name, c] of Object.entries(COMPONENTS)) cmds.push(`  ${name.padEnd(12)} ${c.summary}`);
  return `tug controls the Tugboat cluster manager.\n\nBasic Commands:\n${cmds.join('\n')}\n\nGlobal flags:\n${flagLines(GLOBAL_FLAGS)}\n\nUsage:\n  tug [flags] <command> [options]\n\nUse "tug <command> --help" for more information about a given command.\n`;
}

/** Runs one `tug` invocation and returns its exit code. Never throws. */
export async function runTug(argv: readonly string[], deps: RunDeps): Promise<number> {
  const split = splitCommand(argv);
  let server: string | undefined;
  let owned: ApiClient | undefined;
  try {
    if (split.command === undefined || split.command === 'help') {
      deps.stdout.write(rootHelp());
      return 0;
    }
    if (isComponent(split.command)) return await runComponentCommand(split.command, split.before, split.rest, deps);
    const entry = COMMANDS[split.command];
    if (!entry) throw new UsageError(`unknown command "${split.command}" for "tug"`, `Run 'tug --help' for usage.`);
    const cmd = await entry.load();
    const args = parseArgsFor(split.command, [...split.before, ...split.rest], cmd);
    if (args.bool('help')) {
      deps.stdout.write(`${cmd.usage.trimEnd()}\n\nOptions:\n${flagLines(cmd.flags)}\n\nGlobal flags:\n${flagLines(GLOBAL_FLAGS)}\n`);
      return 0;
    }
    const conn = await connect(args, deps);
    server = conn.config?.server ?? deps.client?.config.server;
    owned = conn.owned;
    return await cmd.run(args, buildContext(args, deps, conn));
  } catch (err) {
    deps.stderr.write(`${formatError(err, server, Boolean(deps.env?.TUG_DEBUG))}\n`);
    return 1;
  } finally {
    owned?.close();
  }
}

function parseArgsFor(command: string, tokens: string[], cmd: Command): ParsedArgs {
  try {
    return parseArgs(tokens, cmd.flags);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(err.message, `See 'tug ${command} -h' for help and examples`);
    throw err;
  }
}

interface Connection { client?: ApiClient; owned?: ApiClient; config?: ConnectionConfig; error?: unknown }

/** Builds the client now, but defers a config error until a command actually needs the server. */
async function connect(args: ParsedArgs, deps: RunDeps): Promise<Connection> {
  if (deps.client) return { client: deps.client };
  try {
    const config = await loadConnection(args, deps.env ?? {}, deps.home ?? '');
    const client = new ApiClient(config);
    return { client, owned: client, config };
  } catch (error) {
    return { error };
  }
}

function buildContext(args: ParsedArgs, deps: RunDeps, conn: Connection): CommandContext {
  const nsFlag = args.string('namespace');
  const { client, error } = conn;
  return {
    ...contextDefaults(),
    ...(deps.readStdin ? { readStdin: deps.readStdin } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    stdout: deps.stdout,
    stderr: deps.stderr,
    namespace: defaultNamespace(nsFlag ?? deps.namespace, conn.config),
    explicitNamespace: nsFlag !== undefined,
    // A missing kubeconfig only matters to commands that talk to the server.
    get client(): ApiClient {
      if (!client) throw error;
      return client;
    },
  };
}

const isComponent = (name: string): name is ComponentName => Object.hasOwn(COMPONENTS, name);

async function runComponentCommand(name: ComponentName, before: string[], rest: string[], deps: RunDeps): Promise<number> {
  const { runComponent, componentEntry } = await import('./commands/component.js');
  // Global flags typed before the command (e.g. --kubeconfig) are passed through as well.
  return runComponent([...before, ...rest], { entry: componentEntry(name), what: COMPONENTS[name].what, stderr: deps.stderr });
}
