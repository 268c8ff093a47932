import { describe, expect, it } from 'vitest';
import { CliError, UsageError } from '../../cli/errors.js';
import { parseResourceArgs } from '../../cli/resource-ref.js';

const summary = (args: string[]): [string, string[]][] => parseResourceArgs(args).map((r) => [r.resource.kind, r.names]);

describe('parseResourceArgs', () => {
  it.each([
    { scenario: 'short name', args: ['po'], want: [['Pod', []]] },
    { scenario: 'names after the type', args: ['deployment.apps', 'a', 'b'], want: [['Deployment', ['a', 'b']]] },
    { scenario: 'comma list', args: ['pods,svc'], want: [['Pod', []], ['Service', []]] },
    { scenario: 'type/name pairs grouped by kind', args: ['pod/a', 'deploy/web', 'pod/b'], want: [['Pod', ['a', 'b']], ['Deployment', ['web']]] },
    { scenario: 'all expands to the all category in table order', args: ['all'], want: [['Pod', []], ['Service', []], ['Deployment', []], ['ReplicaSet', []]] },
  ])('$scenario', ({ args, want }) => {
    expect(summary(args)).toEqual(want);
  });

  it.each([
    { scenario: 'nothing', args: [], error: UsageError },
    { scenario: 'unknown type', args: ['gizmos'], error: CliError },
    { scenario: 'mixed forms', args: ['pod/a', 'b'], error: UsageError },
  ])('rejects $scenario', ({ args, error }) => {
    expect(() => parseResourceArgs(args)).toThrow(error);
  });
});
