import { describe, expect, it } from 'vitest';
import { parseArgs, splitCommand, type FlagSpec } from '../../cli/args.js';
import { kubeconfigPath, defaultNamespace } from '../../cli/config.js';
import { parseDuration } from '../../cli/duration.js';
import { UsageError } from '../../cli/errors.js';

const spec: FlagSpec[] = [
  { name: 'filename', short: 'f', kind: 'strings' },
  { name: 'watch', short: 'w', kind: 'bool' },
  { name: 'wait', kind: 'bool' },
  { name: 'replicas', kind: 'string' },
];

describe('splitCommand', () => {
  it.each([
    { scenario: 'command first', argv: ['get', 'pods', '-n', 'x'], before: [], command: 'get', rest: ['pods', '-n', 'x'] },
    { scenario: 'global value flag before the command', argv: ['-n', 'kube', 'get', 'pods'], before: ['-n', 'kube'], command: 'get', rest: ['pods'] },
    { scenario: '--flag=value and a bool before the command', argv: ['--kubeconfig=/k', '-A', 'get'], before: ['--kubeconfig=/k', '-A'], command: 'get', rest: [] },
    { scenario: 'grouped shorts ending in a value flag', argv: ['-Ao', 'wide', 'get', 'po'], before: ['-Ao', 'wide'], command: 'get', rest: ['po'] },
    { scenario: 'no command', argv: ['-A'], before: ['-A'], command: undefined, rest: [] },
    { scenario: 'an unknown flag does not swallow the command', argv: ['--bogus', 'get'], before: ['--bogus'], command: 'get', rest: [] },
  ])('$scenario', ({ argv, before, command, rest }) => {
    expect(splitCommand(argv)).toEqual({ before, command, rest });
  });
});

describe('parseArgs', () => {
  it.each([
    { scenario: 'repeated -f keeps every value in order', argv: ['-f', 'a.yaml', '--filename=b.yaml', '-fc.yaml'], check: (p: ReturnType<typeof parseArgs>) => expect(p.strings('filename')).toEqual(['a.yaml', 'b.yaml', 'c.yaml']) },
    { scenario: 'positionals keep their order around flags', argv: ['pods', '-w', 'web', '--', '-x'], check: (p: ReturnType<typeof parseArgs>) => expect(p.positionals).toEqual(['pods', 'web', '-x']) },
    { scenario: 'grouped booleans', argv: ['-Aw'], check: (p: ReturnType<typeof parseArgs>) => expect([p.bool('all-namespaces'), p.bool('watch')]).toEqual([true, true]) },
    { scenario: '--wait=false and a default of true', argv: ['--wait=false'], check: (p: ReturnType<typeof parseArgs>) => expect([p.bool('wait', true), p.bool('watch', true)]).toEqual([false, true]) },
    { scenario: 'short value flag with =', argv: ['-n=prod', '-o', 'yaml'], check: (p: ReturnType<typeof parseArgs>) => expect([p.string('namespace'), p.string('output')]).toEqual(['prod', 'yaml']) },
    { scenario: 'the last value of a string flag wins', argv: ['--replicas', '1', '--replicas=3'], check: (p: ReturnType<typeof parseArgs>) => expect(p.int('replicas')).toBe(3) },
    { scenario: '- is a positional (stdin)', argv: ['-f', '-', '-'], check: (p: ReturnType<typeof parseArgs>) => expect([p.strings('filename'), p.positionals]).toEqual([['-'], ['-']]) },
  ])('$scenario', ({ argv, check }) => {
    check(parseArgs(argv, spec));
  });

  it.each([
    { scenario: 'unknown long flag', argv: ['--nope'], message: 'unknown flag: --nope' },
    { scenario: 'unknown short flag', argv: ['-z'], message: "unknown shorthand flag: 'z' in -z" },
    { scenario: 'missing value', argv: ['--replicas'], message: 'flag needs an argument: --replicas' },
    { scenario: 'bad boolean', argv: ['--wait=maybe'], message: 'invalid argument "maybe" for "--wait" flag' },
  ])('rejects $scenario with a UsageError', ({ argv, message }) => {
    expect(() => parseArgs(argv, spec)).toThrow(UsageError);
    expect(() => parseArgs(argv, spec)).toThrow(message);
  });

  it('rejects a non-integer for int()', () => {
    expect(() => parseArgs(['--replicas=two'], spec).int('replicas')).toThrow('must be an integer');
  });
});

describe('kubeconfig and namespace defaults', () => {
  it.each([
    { scenario: '--kubeconfig wins', flag: '/flag', env: { KUBECONFIG: '/env', TUGBOAT_DATA_DIR: '/data' }, want: '/flag' },
    { scenario: 'then KUBECONFIG', flag: undefined, env: { KUBECONFIG: '/env', TUGBOAT_DATA_DIR: '/data' }, want: '/env' },
    { scenario: 'then $TUGBOAT_DATA_DIR/kubeconfig', flag: undefined, env: { TUGBOAT_DATA_DIR: '/data' }, want: '/data/kubeconfig' },
    { scenario: 'then ~/.tugboat/kubeconfig', flag: undefined, env: {}, want: '/home/u/.tugboat/kubeconfig' },
  ])('$scenario', ({ flag, env, want }) => {
    expect(kubeconfigPath(flag, env, '/home/u')).toBe(want);
  });

  it.each([
    { flag: 'x', cfg: { namespace: 'ctx' }, want: 'x' },
    { flag: undefined, cfg: { namespace: 'ctx' }, want: 'ctx' },
    { flag: undefined, cfg: {}, want: 'default' },
  ])('namespace: -n $flag, context $cfg.namespace -> $want', ({ flag, cfg, want }) => {
    expect(defaultNamespace(flag, cfg)).toBe(want);
  });
});

describe('parseDuration', () => {
  it.each([['60s', 60_000], ['1m30s', 90_000], ['500ms', 500], ['2h', 7_200_000], ['45', 45_000]])('%s -> %i ms', (text, ms) => {
    expect(parseDuration(text, 'timeout')).toBe(ms);
  });
  it('rejects garbage', () => {
    expect(() => parseDuration('soon', 'timeout')).toThrow('invalid duration "soon"');
  });
});
