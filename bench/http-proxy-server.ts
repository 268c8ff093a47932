/**
 * Baseline for the ingress benchmark: a node:http server forwarding every request with the npm
 * `http-proxy` package over a keep-alive agent, the way a Node.js reverse proxy is commonly built.
 *
 *   node dist/bench/http-proxy-server.js <listen-port> <backend-ip:port>
 *
 * Prints `listening <port>` once it accepts connections.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import httpProxy from 'http-proxy';

const listenPort = Number(process.argv[2] ?? 0);
const target = process.argv[3];
if (target === undefined) throw new Error('usage: http-proxy-server <listen-port> <backend-ip:port>');

const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
const proxy = httpProxy.createProxyServer({ target: `http://${target}`, agent, xfwd: true });
proxy.on('error', (_err, _req, res) => {
  if ('writeHead' in res && !res.headersSent) res.writeHead(502);
  res.end();
});

const server = http.createServer((req, res) => proxy.web(req, res));
server.keepAliveTimeout = 60_000;
server.listen(listenPort, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
