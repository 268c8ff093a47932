/**
 * Request bodies: JSON, YAML and the patch media types, parsed from the raw bytes with hard limits
 * (size via the raw parser, YAML aliases, one document), so hostile input gets a 4xx Status.
 */
import type { Request } from 'express';
import { isScalar, parseDocument, visit, type Document } from 'yaml';
import { BadRequestError, RequestEntityTooLargeError, UnsupportedMediaTypeError } from '../api/errors.js';
import { nestedDeeperThan } from '../api/shape.js';
import { MAX_NESTING_DEPTH } from '../api/validation.js';
import { decodeProtobufBody, PROTOBUF_MEDIA_TYPE } from './protobuf/decode.js';

export const BODY_LIMIT_BYTES = 3 * 1024 * 1024;
/**
 * YAML parses at roughly 0.4 MB/s on one core (the yaml library), and parsing blocks the event
 * loop, so YAML bodies get a far smaller limit than JSON (which kubectl sends).
 */
export const YAML_BODY_LIMIT_BYTES = 512 * 1024;

export type BodyFormat = 'json' | 'yaml' | 'merge' | 'strategic' | 'json-patch' | 'apply';

/** The media type without parameters, lower-cased ("application/json"). */
export function mediaType(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function bodyFormat(type: string): BodyFormat | undefined {
  switch (type) {
    case 'application/json': case '': return 'json';
    case 'application/yaml': case 'application/x-yaml': case 'text/yaml': return 'yaml';
    case 'application/merge-patch+json': return 'merge';
    case 'application/strategic-merge-patch+json': return 'strategic';
    case 'application/json-patch+json': return 'json-patch';
    case 'application/apply-patch+yaml': return 'apply';
    default: return undefined;
  }
}

/** Drops `__proto__` keys so a body can never reach an object's prototype. */
const safeReviver = (key: string, value: unknown): unknown => (key === '__proto__' ? undefined : value);

/** How deeply `text` (JSON) nests arrays and objects; a linear scan that skips strings. */
function jsonDepth(text: string): number {
  let depth = 0, max = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

const tooDeep = (): BadRequestError => new BadRequestError(`the body of the request nests deeper than ${MAX_NESTING_DEPTH} levels`);

export function parseJson(text: string): unknown {
  if (jsonDepth(text) > MAX_NESTING_DEPTH) throw tooDeep();
  try {
    return JSON.parse(text, safeReviver) as unknown;
  } catch (err) {
    throw new BadRequestError(`the body of the request could not be decoded as JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Rejects a mapping that repeats a key, in linear time. yaml's own `uniqueKeys` check compares every
 * pair of keys: a 1.5 MB body with 150k keys held the event loop for minutes.
 */
function checkUniqueKeys(doc: Document): void {
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) throw new Error(`Map keys must be unique; "${key}" is repeated`);
        seen.add(key);
      }
    },
  });
}

export function parseYaml(text: string): unknown {
  const undecodable = (why: string): BadRequestError => new BadRequestError(`the body of the request could not be decoded as YAML: ${why}`);
  let value: unknown;
  try {
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
    if (doc.errors.length > 0) throw undecodable(doc.errors[0]?.message ?? 'syntax error');
    checkUniqueKeys(doc);
    // maxAliasCount bounds the expansion of aliases ("billion laughs").
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    if (err instanceof BadRequestError) throw err;
    throw undecodable(err instanceof Error ? err.message : String(err));
  }
  if (nestedDeeperThan(value, MAX_NESTING_DEPTH)) throw tooDeep();
  return JSON.parse(JSON.stringify(value), safeReviver) as unknown;
}

/**
 * Parses the raw body of a request (express.raw must have run). Returns undefined for an empty
 * body. Protobuf bodies are decoded to the same object as JSON (protobuf/decode.ts); other
 * unsupported media types (form data) -> 415.
 */
export function readBody(req: Request): { format: BodyFormat; value: unknown } {
  const type = mediaType(req);
  const format = bodyFormat(type);
  const raw: unknown = req.body;
  if (type === PROTOBUF_MEDIA_TYPE) return { format: 'json', value: decodeProtobufBody(Buffer.isBuffer(raw) ? raw : Buffer.alloc(0)) };
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  if (!format) {
    if (text.length === 0) return { format: 'json', value: undefined };
    throw new UnsupportedMediaTypeError(type);
  }
  if (text.trim().length === 0) return { format, value: undefined };
  const looksJson = /^\s*[[{]/.test(text);
  const isYaml = format === 'yaml' || (format === 'apply' && !looksJson);
  if (isYaml && text.length > YAML_BODY_LIMIT_BYTES) throw new RequestEntityTooLargeError(`YAML request bodies are limited to ${YAML_BODY_LIMIT_BYTES} bytes; send larger objects as JSON`);
  const value = isYaml ? parseYaml(text) : parseJson(text);
  return { format, value };
}
