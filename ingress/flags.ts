/** The ingress proxy's settings from flags and environment, checked (pure). */
import { parseIPv4 } from '../api/cidr.js';
import type { BalancePolicy } from './balancer.js';

/** Checked settings. */
export interface IngressFlags { port: number; host: string; accessLog: number; balance: BalancePolicy; headersTimeoutMs: number }

/** Where the ingress proxy listens unless told otherwise. */
export const DEFAULT_INGRESS_PORT = 8000;

/** A port number 0-65535 from text, or undefined. */
function portOf(v: string): number | undefined {
  return /^\d{1,5}$/.test(v) && Number(v) <= 65535 ? Number(v) : undefined;
}

/** How long a client may take to send a request's headers (nginx's client_header_timeout). */
export const DEFAULT_HEADER_TIMEOUT_SECONDS = 10;

/** Reads --port (else TUGBOAT_INGRESS_PORT), --host, --access-log, --balance and --header-timeout (seconds). */
export function parseIngressFlags(values: { port?: string; host?: string; 'access-log'?: string; balance?: string; 'header-timeout'?: string }, env: Record<string, string | undefined>): IngressFlags | { error: string } {
  const portText = values.port ?? env.TUGBOAT_INGRESS_PORT ?? String(DEFAULT_INGRESS_PORT);
  const port = portOf(portText);
  if (port === undefined) return { error: `--port must be a port number (0-65535), got "${portText}"` };
  const host = values.host ?? '127.0.0.1';
  if (parseIPv4(host) === undefined || !host.startsWith('127.')) return { error: `--host must be a loopback address (127.0.0.0/8), got "${host}"` };
  const ratioText = values['access-log'] ?? '0';
  const accessLog = Number(ratioText);
  if (!/^\d*\.?\d+$/.test(ratioText) || accessLog > 1) return { error: `--access-log must be a ratio between 0 and 1, got "${ratioText}"` };
  const balance = values.balance ?? 'round-robin';
  if (balance !== 'round-robin' && balance !== 'least-outstanding') return { error: `--balance must be round-robin or least-outstanding, got "${balance}"` };
  const timeoutText = values['header-timeout'] ?? String(DEFAULT_HEADER_TIMEOUT_SECONDS);
  const seconds = Number(timeoutText);
  if (!/^\d*\.?\d+$/.test(timeoutText) || seconds <= 0 || seconds > 3600) return { error: `--header-timeout must be seconds between 0 and 3600, got "${timeoutText}"` };
  return { port, host, accessLog, balance, headersTimeoutMs: Math.round(seconds * 1000) };
}
