import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, NotFoundError, UnauthorizedError } from '../../api/errors.js';
import { CliError, formatError, UsageError } from '../../cli/errors.js';

const sysError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('formatError', () => {
  it.each([
    { scenario: 'API NotFound', err: new NotFoundError('pods', 'x'), want: 'Error from server (NotFound): pods "x" not found' },
    { scenario: 'API AlreadyExists', err: new AlreadyExistsError('deployments.apps', 'web'), want: 'Error from server (AlreadyExists): deployments.apps "web" already exists' },
    { scenario: 'bad token', err: new UnauthorizedError(), want: 'error: You must be logged in to the server (Unauthorized)' },
    { scenario: 'usage error with hint', err: new UsageError('bad', "See 'tug get -h'"), want: "error: bad\nSee 'tug get -h'" },
    { scenario: 'cli error', err: new CliError('nope'), want: 'error: nope' },
    { scenario: 'connection refused', err: sysError('ECONNREFUSED', 'connect ECONNREFUSED'), want: 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?' },
    { scenario: 'refused inside an AggregateError', err: Object.assign(new AggregateError([sysError('ECONNREFUSED', 'x')], ''), {}), want: 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?' },
    { scenario: 'DNS failure', err: sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND nohost'), want: 'Unable to connect to the server: getaddrinfo ENOTFOUND nohost' },
    { scenario: 'a bug, without TUG_DEBUG: no stack', err: new TypeError('x is undefined'), want: 'error: x is undefined' },
  ])('$scenario', ({ err, want }) => {
    expect(formatError(err, 'https://127.0.0.1:6443')).toBe(want);
  });
});
