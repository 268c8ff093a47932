import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../api/errors.js';
import type { Pod } from '../../../api/types.js';
import { ApiClient } from '../../../client/client.js';
import type { RequestOptions, Transport } from '../../../client/transport.js';
import { runTug } from '../../../cli/run.js';
import { makeDeployment, makePod } from '../../support/builders.js';
import { captureStream } from '../harness.js';

/** A transport that answers GET/list from fixed objects and streams log chunks, recording every request. */
function fakeTransport(objects: Record<string, unknown>, logChunks: string[]): Transport & { requests: { path: string; opts: RequestOptions }[] } {
  const requests: { path: string; opts: RequestOptions }[] = [];
  return {
    requests,
    json<T>(path: string, opts: RequestOptions = {}): Promise<T> {
      requests.push({ path, opts });
      const body = objects[path];
      return body === undefined ? Promise.reject(new NotFoundError('pods', path.split('/').pop() ?? '')) : Promise.resolve(body as T);
    },
    stream(path: string, opts: RequestOptions = {}): Promise<Readable> {
      requests.push({ path, opts });
      return Promise.resolve(Readable.from(logChunks));
    },
    close() {},
  };
}

async function tug(transport: Transport, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = captureStream(), stderr = captureStream();
  const code = await runTug(argv, { stdout, stderr, client: new ApiClient({ server: 'http://fake' }, transport) });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const twoContainers: Pod = makePod('web-1').container({ name: 'app' }).container({ name: 'side' }).build();

describe('tug logs', () => {
  it('streams every chunk and passes -c, -f and --tail to pods/log', async () => {
    const t = fakeTransport({ '/api/v1/namespaces/default/pods/web-1': twoContainers }, ['line 1\n', 'line 2\n']);
    expect(await tug(t, ['logs', 'web-1', '-c', 'side', '-f', '--tail', '5'])).toEqual({ code: 0, stdout: 'line 1\nline 2\n', stderr: '' });
    expect(t.requests.at(-1)).toMatchObject({ path: '/api/v1/namespaces/default/pods/web-1/log', opts: { query: { container: 'side', follow: true, tailLines: 5 } } });
  });

  it('defaults to the first of several containers and says so, as kubectl does', async () => {
    const t = fakeTransport({ '/api/v1/namespaces/default/pods/web-1': twoContainers }, ['x\n']);
    const r = await tug(t, ['logs', 'pod/web-1']);
    expect(r.stderr).toBe('Defaulted container "app" out of: app, side\n');
    expect(t.requests.at(-1)?.opts.query).toEqual({ container: 'app' });
  });

  it('picks a ready pod of a deployment by its selector', async () => {
    const pods = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [makePod('web-a').nodeName('n').phase('Pending').build(), makePod('web-b').nodeName('n').ready().build()] };
    const t = fakeTransport({ '/apis/apps/v1/namespaces/default/deployments/web': makeDeployment('web').build(), '/api/v1/namespaces/default/pods': pods }, ['hello\n']);
    const r = await tug(t, ['logs', 'deploy/web']);
    expect(r).toEqual({ code: 0, stdout: 'hello\n', stderr: 'Found 2 pods, using pod/web-b\n' });
    expect(t.requests.find((q) => q.path === '/api/v1/namespaces/default/pods')?.opts.query).toEqual({ labelSelector: 'app=web' });
  });
});
