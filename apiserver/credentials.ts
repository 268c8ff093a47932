/**
 * Cluster credentials in the data dir, generated at first start: a self-signed CA, a server
 * certificate for 127.0.0.1/localhost signed by it, and a random bearer token. Files are 0600.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface ClusterCredentials { caCert: string; serverCert: string; serverKey: string; token: string }

const FILES = { caCert: 'ca.crt', caKey: 'ca.key', serverCert: 'apiserver.crt', serverKey: 'apiserver.key', token: 'token' } as const;

async function writeSecret(path: string, data: string): Promise<void> {
  await writeFile(path, data, { mode: 0o600 });
  await chmod(path, 0o600);
}

async function generateCredentials(dir: string, hosts: string[]): Promise<void> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'tugboat-ca' }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate, notAfterDate,
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }],
  });
  const altNames = hosts.map((h) => (/^[\d.]+$/.test(h) || h.includes(':') ? { type: 7 as const, ip: h } : { type: 2 as const, value: h }));
  const server = await generate([{ name: 'commonName', value: 'tugboat-apiserver' }], {
    keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate, notAfterDate, ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  await writeSecret(join(dir, FILES.caKey), ca.private);
  await writeFile(join(dir, FILES.caCert), ca.cert);
  await writeSecret(join(dir, FILES.serverKey), server.private);
  await writeFile(join(dir, FILES.serverCert), server.cert);
}

/** Loads the credentials in `dir`, creating whatever is missing. */
export async function ensureCredentials(dir: string, hosts = ['127.0.0.1', 'localhost']): Promise<ClusterCredentials> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (![FILES.caCert, FILES.caKey, FILES.serverCert, FILES.serverKey].every((f) => existsSync(join(dir, f)))) await generateCredentials(dir, hosts);
  const tokenPath = join(dir, FILES.token);
  if (!existsSync(tokenPath)) await writeSecret(tokenPath, `${randomBytes(24).toString('hex')}\n`);
  const [caCert, serverCert, serverKey, token] = await Promise.all([FILES.caCert, FILES.serverCert, FILES.serverKey, FILES.token].map((f) => readFile(join(dir, f), 'utf8')));
  return { caCert: caCert ?? '', serverCert: serverCert ?? '', serverKey: serverKey ?? '', token: (token ?? '').trim() };
}
