import { describe, expect, it } from 'vitest';
import { BODY_CHUNKED, BODY_LENGTH, BODY_NONE, BODY_UNTIL_CLOSE } from '../../ingress/http/body-framer.js';
import { CHUNKED_INVALID, CHUNKED_MORE, ChunkedFramer } from '../../ingress/http/chunked.js';
import { CONNECTION_CLOSE, buildClientHead } from '../../ingress/http/forward-response.js';
import { buildForwardedRequest } from '../../ingress/http/forward-request.js';
import { RequestHead } from '../../ingress/http/request-head.js';
import { ResponseHead } from '../../ingress/http/response-head.js';

function parseRequest(text: string, maxFields = 128): RequestHead {
  const buf = Buffer.from(text, 'latin1');
  const head = new RequestHead(maxFields);
  const end = buf.indexOf('\r\n\r\n') + 4;
  head.parse(buf, 0, end);
  return head;
}

function ok(text: string): RequestHead {
  const head = parseRequest(text);
  expect(head.error).toBe('');
  return head;
}

describe('request heads', () => {
  it.each([
    ['GET with Host', 'GET /a?b=1 HTTP/1.1\r\nHost: Foo.com:81\r\n\r\n', { path: '/a', host: 'Foo.com', body: BODY_NONE, keepAlive: true }],
    ['HTTP/1.0 without Host closes by default', 'GET / HTTP/1.0\r\n\r\n', { path: '/', host: '', body: BODY_NONE, keepAlive: false }],
    ['HTTP/1.0 keep-alive', 'GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n', { path: '/', host: '', body: BODY_NONE, keepAlive: true }],
    ['Connection: close', 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', { path: '/', host: 'a', body: BODY_NONE, keepAlive: false }],
    ['Content-Length body', 'POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n', { path: '/p', host: 'a', body: BODY_LENGTH, keepAlive: true }],
    ['identical duplicate Content-Length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n', { path: '/', host: 'a', body: BODY_LENGTH, keepAlive: true }],
    ['chunked body', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n', { path: '/', host: 'a', body: BODY_CHUNKED, keepAlive: true }],
    ['absolute-form target routes by its authority', 'GET http://Other.com:8/x/y?q HTTP/1.1\r\nHost: a\r\n\r\n', { path: '/x/y', host: 'Other.com', body: BODY_NONE, keepAlive: true }],
    ['IPv6 host keeps its brackets', 'GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n', { path: '/', host: '[::1]', body: BODY_NONE, keepAlive: true }],
  ])('%s', (_name, text, want) => {
    const h = ok(text);
    expect({
      path: h.buf.toString('latin1', h.pathStart, h.pathEnd),
      host: h.hostStart < 0 ? '' : h.buf.toString('latin1', h.hostStart, h.hostEnd),
      body: h.bodyMode,
      keepAlive: h.keepAlive,
    }).toEqual(want);
  });

  it.each([
    ['both Content-Length and Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n', 400, 'both Content-Length and Transfer-Encoding'],
    ['differing Content-Length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n', 400, 'conflicting Content-Length headers'],
    ['negative Content-Length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n', 400, 'invalid Content-Length'],
    ['Content-Length list', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\n', 400, 'invalid Content-Length'],
    ['huge Content-Length', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n', 400, 'invalid Content-Length'],
    ['chunked not last', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n', 400, 'chunked must be the final Transfer-Encoding'],
    ['unknown coding', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n', 501, 'unsupported Transfer-Encoding'],
    ['obs-fold', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n', 400, 'obsolete line folding in header'],
    ['space before colon', 'GET / HTTP/1.1\r\nHost : a\r\n\r\n', 400, 'invalid header name'],
    ['control char in value', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: b\x01c\r\n\r\n', 400, 'invalid character in header value'],
    ['bare LF in value', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: b\nX-B: c\r\n\r\n', 400, 'invalid character in header value'],
    ['missing Host in 1.1', 'GET / HTTP/1.1\r\nX-A: b\r\n\r\n', 400, 'missing Host header'],
    ['two Hosts', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400, 'duplicate Host header'],
    ['bad request line', 'GET  / HTTP/1.1\r\nHost: a\r\n\r\n', 400, 'bad request target'],
    ['no version', 'GET /\r\nHost: a\r\n\r\n', 400, 'bad request target'],
    ['lower-case version', 'GET / http/1.1\r\nHost: a\r\n\r\n', 400, 'bad request line'],
    ['HTTP/2.0', 'GET / HTTP/1.2\r\nHost: a\r\n\r\n', 505, 'HTTP version not supported'],
    ['CONNECT', 'CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n', 501, 'CONNECT is not supported'],
    ['binary garbage', '\x16\x03\x01\x02\x00\x01\r\n\r\n', 400, 'bad request line'],
  ])('rejects %s', (_name, text, status, reason) => {
    const h = parseRequest(text);
    expect([h.errorStatus, h.error]).toEqual([status, reason]);
  });

  it('rejects too many fields with 431', () => {
    const fields = Array.from({ length: 10 }, (_, i) => `X-${i}: v\r\n`).join('');
    const h = parseRequest(`GET / HTTP/1.1\r\nHost: a\r\n${fields}\r\n`, 8);
    expect([h.errorStatus, h.error]).toEqual([431, 'too many headers']);
  });
});

describe('forwarded request head', () => {
  it.each([
    [
      'drops hop-by-hop fields, appends to X-Forwarded-For, sets Proto and Host',
      'GET /x HTTP/1.1\r\nHost: a.com\r\nConnection: keep-alive, X-Secret\r\nX-Secret: 1\r\nKeep-Alive: 5\r\nTE: trailers\r\nUpgrade: h2c\r\n'
        + 'X-Forwarded-For: 1.1.1.1\r\nx-forwarded-for: 2.2.2.2\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil\r\nAccept: */*\r\n\r\n',
      'GET /x HTTP/1.1\r\nHost: a.com\r\nAccept: */*\r\nX-Forwarded-For: 1.1.1.1, 2.2.2.2, 10.1.2.3\r\nX-Forwarded-Proto: http\r\n'
        + 'X-Forwarded-Host: a.com\r\nConnection: keep-alive\r\n\r\n',
    ],
    [
      'keeps Upgrade for an upgrade request',
      'GET /ws HTTP/1.1\r\nHost: a.com:8080\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: k\r\n\r\n',
      'GET /ws HTTP/1.1\r\nHost: a.com:8080\r\nUpgrade: websocket\r\nSec-WebSocket-Key: k\r\nX-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: http\r\n'
        + 'X-Forwarded-Host: a.com:8080\r\nConnection: upgrade\r\n\r\n',
    ],
    [
      'keeps an HTTP/1.0 request line and asks for keep-alive',
      'GET / HTTP/1.0\r\n\r\n',
      'GET / HTTP/1.0\r\nX-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: http\r\nConnection: keep-alive\r\n\r\n',
    ],
  ])('%s', (_name, input, want) => {
    const h = ok(input);
    expect(buildForwardedRequest(h, Buffer.from('10.1.2.3')).toString('latin1')).toBe(want);
  });
});

describe('response heads', () => {
  function res(text: string, isHead = false): ResponseHead {
    const buf = Buffer.from(text, 'latin1');
    const r = new ResponseHead(64);
    expect(r.parse(buf, 0, buf.indexOf('\r\n\r\n') + 4, isHead)).toBe(true);
    return r;
  }
  it.each([
    ['Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n', false, BODY_LENGTH, true],
    ['chunked', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', false, BODY_CHUNKED, true],
    ['close-delimited', 'HTTP/1.1 200 OK\r\n\r\n', false, BODY_UNTIL_CLOSE, false],
    ['HEAD response ignores Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n', true, BODY_NONE, true],
    ['204', 'HTTP/1.1 204 No Content\r\n\r\n', false, BODY_NONE, true],
    ['304', 'HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n', false, BODY_NONE, true],
    ['100 Continue', 'HTTP/1.1 100 Continue\r\n\r\n', false, BODY_NONE, true],
    ['Connection: close', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', false, BODY_LENGTH, false],
    ['HTTP/1.0 without keep-alive', 'HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n', false, BODY_LENGTH, false],
    ['status line without reason', 'HTTP/1.1 200\r\nContent-Length: 1\r\n\r\n', false, BODY_LENGTH, true],
  ])('%s', (_name, text, isHead, mode, reusable) => {
    const r = res(text, isHead);
    expect([r.bodyMode, r.reusable]).toEqual([mode, reusable]);
  });

  it.each([
    ['bad status', 'HTTP/1.1 2000 OK\r\n\r\n'],
    ['not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n'],
    ['bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n'],
  ])('rejects %s', (_name, text) => {
    const buf = Buffer.from(text, 'latin1');
    expect(new ResponseHead(64).parse(buf, 0, buf.indexOf('\r\n\r\n') + 4, false)).toBe(false);
  });

  it('strips hop-by-hop fields and adds Connection: close when asked, body inline', () => {
    const text = 'HTTP/1.1 200 OK\r\nServer: x\r\nConnection: keep-alive, X-Hop\r\nKeep-Alive: timeout=5\r\nX-Hop: 1\r\nContent-Length: 2\r\n\r\nhi';
    const r = res(text);
    expect(buildClientHead(r, CONNECTION_CLOSE, r.buf.length).toString()).toBe('HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi');
  });

  it('drops Content-Length when Transfer-Encoding is present', () => {
    const r = res('HTTP/1.1 200 OK\r\nContent-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n');
    expect(buildClientHead(r, null, r.headEnd).toString()).toBe('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
  });
});

describe('chunked framing', () => {
  function feed(parts: string[]): number[] {
    const f = new ChunkedFramer();
    return parts.map((p) => f.consume(Buffer.from(p, 'latin1'), 0, p.length, 1024));
  }
  it.each([
    ['one message', ['5\r\nhello\r\n0\r\n\r\nNEXT'], [15]],
    ['split anywhere', ['5\r', '\nhel', 'lo\r\n0', '\r\n', '\r\n'], [CHUNKED_MORE, CHUNKED_MORE, CHUNKED_MORE, CHUNKED_MORE, 2]],
    ['extensions and trailers', ['a;x=1\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n'], [32]],
    ['upper-case hex', ['A\r\n0123456789\r\n0\r\n\r\n'], [20]],
    ['bad hex', ['g\r\n'], [CHUNKED_INVALID]],
    ['missing CRLF after data', ['1\r\nab\r\n'], [CHUNKED_INVALID]],
    ['absurd size', ['fffffffffffffff\r\n'], [CHUNKED_INVALID]],
    ['control char in extension', ['1;\x01\r\n'], [CHUNKED_INVALID]],
    ['empty size', ['\r\n'], [CHUNKED_INVALID]],
  ])('%s', (_name, parts, want) => {
    expect(feed(parts)).toEqual(want);
  });

  it('bounds the trailer section', () => {
    const f = new ChunkedFramer();
    const text = `0\r\nX: ${'a'.repeat(100)}\r\n\r\n`;
    expect(f.consume(Buffer.from(text), 0, text.length, 50)).toBe(CHUNKED_INVALID);
  });
});
