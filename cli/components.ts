/**
 * The cluster components `tug` runs as child processes (commands/component.ts), with what
 * `tug --help` says of them; kept apart so `tug --help` loads nothing more.
 */
export const COMPONENTS = {
  agent: { what: 'the node agent', summary: 'Run a node agent that registers a Node and runs its pods on Docker' },
  ingress: { what: 'the ingress proxy', summary: 'Run the ingress proxy (HTTP routing by Ingress host and path) on 127.0.0.1:8000' },
  proxy: { what: 'the service proxy', summary: 'Run the service proxy (Service ClusterIPs and NodePorts)' },
} as const;
export type ComponentName = keyof typeof COMPONENTS;
