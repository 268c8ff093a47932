import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';

async function send(method: string, path: string, body: string, contentType: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${api.url}${path}`, { method, body, headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': contentType } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  api = await startTestApi();
  await api.client.create({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'tugboat/echo:1' }] } } },
  });
});
afterAll(async () => { await api.close(); });

describe('PATCH media types and preconditions', () => {
  it.each([
    { scenario: 'plain JSON', contentType: 'application/json', body: '{"spec":{"replicas":2}}' },
    { scenario: 'YAML', contentType: 'application/yaml', body: 'spec: {replicas: 2}' },
  ])('a PATCH sent as $scenario is 415 naming that type', async ({ contentType, body }) => {
    const res = await send('PATCH', `${DEPLOY}/web`, body, contentType);
    expect(res.status).toBe(415);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType' });
    expect(String(res.json.message)).toContain(`(got ${contentType})`);
  });

  it('a merge PATCH of scale with a stale resourceVersion is 409 and changes nothing', async () => {
    const res = await send('PATCH', `${DEPLOY}/web/scale`, JSON.stringify({ metadata: { resourceVersion: '1' }, spec: { replicas: 7 } }), 'application/merge-patch+json');
    expect(res.status).toBe(409);
    expect((await api.client.get<{ kind: string; metadata: object; apiVersion: string; spec: { replicas: number } }>('Deployment', 'default', 'web')).spec.replicas).toBe(1);
  });

  it('a merge PATCH of scale without a resourceVersion applies', async () => {
    const res = await send('PATCH', `${DEPLOY}/web/scale`, JSON.stringify({ spec: { replicas: 3 } }), 'application/merge-patch+json');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ kind: 'Scale', spec: { replicas: 3 } });
  });
});
