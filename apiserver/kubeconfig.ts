/**
 * The kubeconfig the API server writes next to its credentials. Rendering lives here, with its only
 * writer; reading kubeconfig files is the client's job (client/kubeconfig.ts).
 */
import { stringify } from 'yaml';

/** Renders a single-cluster kubeconfig named "tugboat" (context namespace "default"). */
export function renderKubeconfig(cfg: { server: string; token: string; ca: string }): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'tugboat',
    clusters: [{ name: 'tugboat', cluster: { server: cfg.server, 'certificate-authority-data': Buffer.from(cfg.ca).toString('base64') } }],
    users: [{ name: 'tugboat-admin', user: { token: cfg.token } }],
    contexts: [{ name: 'tugboat', context: { cluster: 'tugboat', user: 'tugboat-admin', namespace: 'default' } }],
    preferences: {},
  });
}
