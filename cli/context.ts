/**
 * What every command receives: the API client, where to write, and the injected clock. Commands never
 * touch `process` directly, so tests run them in-process and capture their output.
 */
import type { ApiClient } from '../client/client.js';
import type { FlagSpec, ParsedArgs } from './args.js';

/** Somewhere to write text or bytes (process.stdout, or a buffer in tests). */
export interface OutputStream {
  write(chunk: string | Uint8Array): unknown;
}

/**
 * The environment a command runs in. `namespace` is already resolved (-n, else the kubeconfig context,
 * else "default"); `explicitNamespace` says whether the user typed -n.
 */
export interface CommandContext {
  client: ApiClient;
  stdout: OutputStream;
  stderr: OutputStream;
  namespace: string;
  explicitNamespace: boolean;
  /** Reads all of stdin (for `-f -`). */
  readStdin(): Promise<string>;
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/**
 * One `tug` sub-command. `run` returns the process exit code; it throws only for errors that
 * formatError renders (ApiError, UsageError, CliError, network errors).
 */
export interface Command {
  /** Usage text for `tug <command> --help`. */
  usage: string;
  flags: readonly FlagSpec[];
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}

/** Reads a whole stream as UTF-8 text. */
export async function readStream(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/** The defaults every context starts from: namespace "default", the real clock, stdin of this process. */
export function contextDefaults(): Pick<CommandContext, 'namespace' | 'explicitNamespace' | 'readStdin' | 'now' | 'sleep'> {
  return {
    namespace: 'default',
    explicitNamespace: false,
    readStdin: () => readStream(process.stdin),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** Builds a context from a client and two outputs, with the defaults above for everything else. */
export function makeContext(parts: Pick<CommandContext, 'client' | 'stdout' | 'stderr'> & Partial<CommandContext>): CommandContext {
  return { ...contextDefaults(), ...parts };
}
