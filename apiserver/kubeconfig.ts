/**
 * The kubeconfig the API server writes next to its credentials. Rendering lives here, with its only
 * writer; reading kubeconfig files is the client's job (client/kubeconfig.ts).
 *
 * Written as JSON (which is YAML, so kubectl and every kubeconfig reader accept it): `tug` then
 * parses it with JSON.parse and skips loading the `yaml` package, ~40 ms of every command.
 */

/** Renders a single-cluster kubeconfig named "tugboat" (context namespace "default"), as indented JSON. */
export function renderKubeconfig(cfg: { server: string; token: string; ca: string }): string {
  return `${JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'tugboat',
    clusters: [{ name: 'tugboat', cluster: { server: cfg.server, 'certificate-authority-data': Buffer.from(cfg.ca).toString('base64') } }],
    users: [{ name: 'tugboat-admin', user: { token: cfg.token } }],
    contexts: [{ name: 'tugboat', context: { cluster: 'tugboat', user: 'tugboat-admin', namespace: 'default' } }],
    preferences: {},
  }, null, 2)}\n`;
}
