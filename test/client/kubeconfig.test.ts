import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKubeconfigLazily, parseKubeconfigJson } from '../../client/kubeconfig-document.js';
import { parseKubeconfig } from '../../client/kubeconfig.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const CA_B64 = Buffer.from(CA).toString('base64');
const WANT = { server: 'https://127.0.0.1:6443', token: 't0k3n', ca: CA, namespace: 'default' };

const JSON_CONFIG = JSON.stringify({
  apiVersion: 'v1', kind: 'Config', 'current-context': 'tugboat',
  clusters: [{ name: 'tugboat', cluster: { server: WANT.server, 'certificate-authority-data': CA_B64 } }],
  users: [{ name: 'admin', user: { token: WANT.token } }],
  contexts: [{ name: 'tugboat', context: { cluster: 'tugboat', user: 'admin', namespace: 'default' } }],
}, null, 2);
const YAML_CONFIG = `apiVersion: v1
kind: Config
current-context: tugboat
clusters:
- name: tugboat
  cluster: { server: "${WANT.server}", certificate-authority-data: ${CA_B64} }
users:
- name: admin
  user: { token: ${WANT.token} }
contexts:
- name: tugboat
  context: { cluster: tugboat, user: admin, namespace: default }
`;
// A YAML flow mapping starts with '{' too, but is not JSON.
const FLOW_CONFIG = `{current-context: tugboat, clusters: [{name: tugboat, cluster: {server: "${WANT.server}", certificate-authority-data: ${CA_B64}}}], users: [{name: admin, user: {token: ${WANT.token}}}], contexts: [{name: tugboat, context: {cluster: tugboat, user: admin, namespace: default}}]}`;

describe('kubeconfig reading', () => {
  it.each([
    { scenario: 'JSON (what Tugboat writes)', text: JSON_CONFIG, json: true },
    { scenario: 'JSON after leading whitespace', text: `\n  ${JSON_CONFIG}`, json: true },
    { scenario: 'YAML block style', text: YAML_CONFIG, json: false },
    { scenario: 'YAML flow mapping starting with {', text: FLOW_CONFIG, json: false },
  ])('$scenario: sync and lazy loaders agree; JSON fast path: $json', async ({ text, json }) => {
    expect(parseKubeconfigJson(text) !== undefined).toBe(json);
    expect(parseKubeconfig(text)).toEqual(WANT);
    const file = join(await mkdtemp(join(tmpdir(), 'kubeconfig-')), 'config');
    await writeFile(file, text);
    expect(await loadKubeconfigLazily(file)).toEqual(WANT);
  });

  it('picks the named context, and fails without a server', () => {
    const doc = JSON.parse(JSON_CONFIG) as { contexts: unknown[] };
    doc.contexts.push({ name: 'other', context: { cluster: 'tugboat', user: 'admin', namespace: 'team-a' } });
    expect(parseKubeconfig(JSON.stringify(doc), 'other').namespace).toBe('team-a');
    expect(() => parseKubeconfig('{"clusters": []}')).toThrow('kubeconfig has no cluster server');
  });
});
