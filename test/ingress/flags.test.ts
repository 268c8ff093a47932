import { describe, expect, it } from 'vitest';
import { parseIngressFlags } from '../../ingress/flags.js';

describe('parseIngressFlags', () => {
  it('defaults: 127.0.0.1:8000, no access log, round robin, 10 s header timeout', () => {
    expect(parseIngressFlags({}, {})).toEqual({ port: 8000, host: '127.0.0.1', accessLog: 0, balance: 'round-robin', headersTimeoutMs: 10_000 });
  });

  it('TUGBOAT_INGRESS_PORT, overridden by --port', () => {
    expect(parseIngressFlags({}, { TUGBOAT_INGRESS_PORT: '9000' })).toMatchObject({ port: 9000 });
    expect(parseIngressFlags({ port: '0' }, { TUGBOAT_INGRESS_PORT: '9000' })).toMatchObject({ port: 0 });
  });

  it.each([
    [{ port: '99999' }, /--port must be a port number/],
    [{ port: '-1' }, /--port must be a port number/],
    [{ host: '0.0.0.0' }, /--host must be a loopback address/],
    [{ host: 'localhost' }, /--host must be a loopback address/],
    [{ 'access-log': '2' }, /--access-log must be a ratio/],
    [{ 'access-log': 'all' }, /--access-log must be a ratio/],
    [{ balance: 'random' }, /--balance must be round-robin or least-outstanding/],
    [{ 'header-timeout': '0' }, /--header-timeout must be seconds/],
  ])('%j is refused', (values, error) => {
    const got = parseIngressFlags(values, {});
    expect('error' in got ? got.error : '').toMatch(error);
  });
});
