import { describe, expect, it } from 'vitest';
import { renderKubeconfig } from '../../apiserver/kubeconfig.js';
import { parseKubeconfigJson } from '../../client/kubeconfig-document.js';
import { parseKubeconfig } from '../../client/kubeconfig.js';

describe('renderKubeconfig', () => {
  it('writes what the client reads back: server, token, CA and the default namespace', () => {
    const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const text = renderKubeconfig({ server: 'https://127.0.0.1:6443', token: 't0k3n', ca });
    expect(parseKubeconfig(text)).toEqual({ server: 'https://127.0.0.1:6443', token: 't0k3n', ca, namespace: 'default' });
    expect(parseKubeconfigJson(text)).toMatchObject({ kind: 'Config', 'current-context': 'tugboat' }); // JSON: tug skips loading yaml
  });
});
