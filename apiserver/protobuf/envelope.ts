/**
 * The envelope of Kubernetes protobuf bodies: the 4 bytes `k8s\0`, then a runtime.Unknown message
 * (k8s.io/apimachinery pkg/runtime/generated.proto): 1 typeMeta {1 apiVersion, 2 kind}, 2 raw (the
 * typed message), 3 contentEncoding, 4 contentType.
 */
import { TypeMeta } from './meta.js';
import { decodeMessage } from './schema.js';
import { malformed, WireReader, WireType, type Tag } from './wire.js';

export const PROTOBUF_MAGIC: readonly number[] = [0x6b, 0x38, 0x73, 0x00];

/** A parsed envelope; `raw` is a view into the request body, not a copy. */
export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

function expectLen(tag: Tag, what: string): void {
  if (tag.wireType !== WireType.LEN) throw malformed(`Unknown.${what} has wire type ${tag.wireType}, expected ${WireType.LEN}`);
}

/** Checks the magic and reads the runtime.Unknown that follows it; malformed input -> 400. */
export function readEnvelope(body: Uint8Array): Envelope {
  if (body.length < PROTOBUF_MAGIC.length || PROTOBUF_MAGIC.some((b, i) => body[i] !== b)) {
    throw malformed('the body does not start with the "k8s\\0" prefix');
  }
  const r = new WireReader(body, PROTOBUF_MAGIC.length);
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  while (!r.done) {
    const tag = r.tag();
    switch (tag.field) {
      case 1: {
        expectLen(tag, 'typeMeta');
        const meta = decodeMessage(TypeMeta, r.bytesField()) as { apiVersion?: string; kind?: string };
        env.apiVersion = meta.apiVersion ?? '';
        env.kind = meta.kind ?? '';
        break;
      }
      case 2: expectLen(tag, 'raw'); env.raw = r.bytesField(); break;
      case 3: expectLen(tag, 'contentEncoding'); env.contentEncoding = r.string(); break;
      case 4: expectLen(tag, 'contentType'); env.contentType = r.string(); break;
      default: r.skip(tag);
    }
  }
  return env;
}
