/**
 * A small, hand-written argv parser in the style of pflag (what kubectl uses): `--name=value`,
 * `--name value`, `-n value`, `-nvalue`, `-n=value`, grouped boolean shorts (`-Aw`), `--flag=false`,
 * and `--` to end flag parsing. Global flags may appear anywhere, even before the command.
 */
import { UsageError } from './errors.js';

/** One flag a command accepts. `string` keeps the last value, `strings` keeps every value in order. */
export interface FlagSpec {
  name: string;
  short?: string;
  kind: 'bool' | 'string' | 'strings';
  /** Shown by `--help`. */
  help?: string;
}

/** The flags every command accepts. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'namespace', short: 'n', kind: 'string', help: 'the namespace scope for this request' },
  { name: 'all-namespaces', short: 'A', kind: 'bool', help: 'list the requested objects across all namespaces' },
  { name: 'kubeconfig', kind: 'string', help: 'path to the kubeconfig file' },
  { name: 'context', kind: 'string', help: 'the kubeconfig context to use' },
  { name: 'server', short: 's', kind: 'string', help: 'the address of the API server (overrides the kubeconfig)' },
  { name: 'token', kind: 'string', help: 'bearer token for the API server (overrides the kubeconfig)' },
  { name: 'output', short: 'o', kind: 'string', help: 'output format: wide, yaml, json, name' },
  { name: 'help', short: 'h', kind: 'bool', help: 'help for the command' },
];

/**
 * The parsed command line. Accessors never throw except `int`, which throws a UsageError when the
 * value is not an integer.
 */
export interface ParsedArgs {
  positionals: string[];
  /** The last value of a string flag, or undefined when it was not given. */
  string(name: string): string | undefined;
  /** Every value of a flag, in order. */
  strings(name: string): string[];
  /** A boolean flag; `fallback` when it was not given. */
  bool(name: string, fallback?: boolean): boolean;
  /** An integer flag; undefined when absent. */
  int(name: string): number | undefined;
  /** True when the flag appeared at all. */
  has(name: string): boolean;
}

const BOOL_VALUES: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, t: true, f: false, TRUE: true, FALSE: false, True: true, False: false };

function makeParsed(positionals: string[], values: Map<string, string[]>): ParsedArgs {
  const last = (name: string): string | undefined => values.get(name)?.at(-1);
  return {
    positionals,
    string: last,
    strings: (name) => values.get(name) ?? [],
    bool: (name, fallback = false) => {
      const v = last(name);
      return v === undefined ? fallback : v === 'true';
    },
    int: (name) => {
      const v = last(name);
      if (v === undefined) return undefined;
      if (!/^-?\d+$/.test(v)) throw new UsageError(`invalid argument "${v}" for "--${name}" flag: must be an integer`);
      return Number(v);
    },
    has: (name) => values.has(name),
  };
}

interface Lookup { byLong: Map<string, FlagSpec>; byShort: Map<string, FlagSpec> }

function lookupOf(specs: readonly FlagSpec[]): Lookup {
  const byLong = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  for (const s of specs) {
    byLong.set(s.name, s);
    if (s.short) byShort.set(s.short, s);
  }
  return { byLong, byShort };
}

function push(values: Map<string, string[]>, name: string, value: string): void {
  const list = values.get(name);
  if (list) list.push(value); else values.set(name, [value]);
}

function boolValue(spec: FlagSpec, raw: string): string {
  const b = BOOL_VALUES[raw];
  if (b === undefined) throw new UsageError(`invalid argument "${raw}" for "--${spec.name}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
  return String(b);
}

/** Parses one `--long[=v]` token; returns how many extra tokens it consumed. */
function parseLong(tok: string, next: string | undefined, lk: Lookup, values: Map<string, string[]>): number {
  const eq = tok.indexOf('=');
  const name = eq < 0 ? tok.slice(2) : tok.slice(2, eq);
  const spec = lk.byLong.get(name);
  if (!spec) throw new UsageError(`unknown flag: --${name}`);
  if (spec.kind === 'bool') {
    push(values, spec.name, eq < 0 ? 'true' : boolValue(spec, tok.slice(eq + 1)));
    return 0;
  }
  if (eq >= 0) { push(values, spec.name, tok.slice(eq + 1)); return 0; }
  if (next === undefined) throw new UsageError(`flag needs an argument: --${name}`);
  push(values, spec.name, next);
  return 1;
}

/** Parses one `-x...` token (grouped booleans, then at most one value flag); returns extra tokens consumed. */
function parseShort(tok: string, next: string | undefined, lk: Lookup, values: Map<string, string[]>): number {
  for (let i = 1; i < tok.length; i++) {
    const ch = tok.charAt(i);
    const spec = lk.byShort.get(ch);
    if (!spec) throw new UsageError(`unknown shorthand flag: '${ch}' in ${tok}`);
    const rest = tok.slice(i + 1);
    if (spec.kind === 'bool') {
      if (rest.startsWith('=')) { push(values, spec.name, boolValue(spec, rest.slice(1))); return 0; }
      push(values, spec.name, 'true');
      continue;
    }
    if (rest.length > 0) { push(values, spec.name, rest.startsWith('=') ? rest.slice(1) : rest); return 0; }
    if (next === undefined) throw new UsageError(`flag needs an argument: '${ch}' in -${ch}`);
    push(values, spec.name, next);
    return 1;
  }
  return 0;
}

/** Parses `tokens` against `specs` (global flags are always included). Throws UsageError on unknown flags. */
export function parseArgs(tokens: readonly string[], specs: readonly FlagSpec[] = []): ParsedArgs {
  const lk = lookupOf([...GLOBAL_FLAGS, ...specs]);
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] ?? '';
    const next = tokens[i + 1];
    if (tok === '--') { positionals.push(...tokens.slice(i + 1)); break; }
    if (tok.startsWith('--')) i += parseLong(tok, next, lk, values);
    else if (tok.startsWith('-') && tok.length > 1) i += parseShort(tok, next, lk, values);
    else positionals.push(tok);
  }
  return makeParsed(positionals, values);
}

/** Where the command word sits in argv: the global flags before it, the command, and everything after. */
export interface CommandSplit { before: string[]; command: string | undefined; rest: string[] }

/**
 * Finds the command word: the first token that is neither a global flag nor a global flag's value.
 * Tokens before it must be global flags; everything after it is left for the command's own parser.
 */
export function splitCommand(argv: readonly string[]): CommandSplit {
  const lk = lookupOf(GLOBAL_FLAGS);
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i] ?? '';
    if (!tok.startsWith('-') || tok === '-') return { before: argv.slice(0, i), command: tok, rest: argv.slice(i + 1) };
    if (tok === '--') return { before: argv.slice(0, i), command: argv[i + 1], rest: argv.slice(i + 2) };
    if (takesSeparateValue(tok, lk)) i++;
  }
  return { before: [...argv], command: undefined, rest: [] };
}

function takesSeparateValue(tok: string, lk: Lookup): boolean {
  if (tok.startsWith('--')) {
    if (tok.includes('=')) return false;
    const spec = lk.byLong.get(tok.slice(2));
    return spec !== undefined && spec.kind !== 'bool';
  }
  // A short group such as "-Ao": a value flag at the end of the group takes the next token.
  const lastSpec = lk.byShort.get(tok.charAt(tok.length - 1));
  const allKnown = [...tok.slice(1)].every((c) => lk.byShort.has(c));
  return allKnown && lastSpec !== undefined && lastSpec.kind !== 'bool' && [...tok.slice(1, -1)].every((c) => lk.byShort.get(c)?.kind === 'bool');
}
