/**
 * The CLI's user-facing errors and how every failure turns into kubectl-style text on stderr.
 * Only bugs show a stack trace, and only with TUG_DEBUG set.
 */
import { ApiError } from '../api/errors.js';

/** A mistake on the command line: printed as `error: <message>` plus a hint, exit 1. */
export class UsageError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}

/** Any other expected failure (bad file, timeout): printed as `error: <message>`, exit 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

function systemCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Node 20's autoSelectFamily reports an AggregateError whose inner errors carry the code.
  const inner = (err as { errors?: unknown }).errors;
  return Array.isArray(inner) ? inner.map(systemCode).find((c) => c !== undefined) : undefined;
}

function hostOf(server: string | undefined): string {
  if (!server) return 'localhost:8080';
  try {
    const u = new URL(server);
    return u.port ? u.host : `${u.hostname}:${u.protocol === 'https:' ? 443 : 80}`;
  } catch {
    return server;
  }
}

/** The lines kubectl would print for `err` (without trailing newline). */
export function formatError(err: unknown, server?: string, debug = false): string {
  if (err instanceof ApiError) {
    if (err.httpStatus === 401) return `error: You must be logged in to the server (${err.message})`;
    return err.reason ? `Error from server (${err.reason}): ${err.message}` : `Error from server: ${err.message}`;
  }
  if (err instanceof UsageError) return err.hint ? `error: ${err.message}\n${err.hint}` : `error: ${err.message}`;
  if (err instanceof CliError) return `error: ${err.message}`;
  const code = systemCode(err);
  if (code === 'ECONNREFUSED') return `The connection to the server ${hostOf(server)} was refused - did you specify the right host or port?`;
  const message = err instanceof Error ? err.message || code || err.name : String(err);
  if ((code !== undefined && NETWORK_CODES.has(code)) || isTlsError(code)) return `Unable to connect to the server: ${message}`;
  if (debug && err instanceof Error && err.stack) return `error: ${err.stack}`;
  return `error: ${message}`;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED', 'EPROTO']);

function isTlsError(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL'));
}
