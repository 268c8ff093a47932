/**
 * Decodes `application/vnd.kubernetes.protobuf` request bodies (what kubectl's typed commands send:
 * `create namespace|configmap|secret|deployment|service|ingress`, and `drain`'s DeleteOptions) into
 * the JSON object the same request would carry as `application/json`. Responses stay JSON.
 */
import { ApiError, BadRequestError } from '../../api/errors.js';
import { readEnvelope } from './envelope.js';
import { DeleteOptions } from './meta.js';
import { ConfigMap, Deployment, Ingress, Namespace, Secret, Service } from './objects.js';
import { Pod } from './pod.js';
import { decodeMessage, type MessageSchema } from './schema.js';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** The messages this server can read, by "apiVersion/kind" as the envelope names them. */
const SCHEMAS: ReadonlyMap<string, MessageSchema> = new Map([
  ['v1/Namespace', Namespace],
  ['v1/ConfigMap', ConfigMap],
  ['v1/Secret', Secret],
  ['v1/Service', Service],
  ['v1/Pod', Pod],
  ['apps/v1/Deployment', Deployment],
  ['networking.k8s.io/v1/Ingress', Ingress],
  ['v1/DeleteOptions', DeleteOptions],
  ['meta.k8s.io/v1/DeleteOptions', DeleteOptions],
]);

/** The "apiVersion/kind" pairs decodeProtobufBody accepts. */
export const PROTOBUF_KINDS: readonly string[] = [...SCHEMAS.keys()];

function unsupported(message: string): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', message);
}

/**
 * Decodes a protobuf request body to its JSON shape, `apiVersion` and `kind` included (from the
 * envelope). An empty body gives undefined, like an empty JSON body. Malformed bytes -> 400
 * BadRequest; a kind without a schema here, or an encoded (gzip) or non-protobuf payload -> 415
 * UnsupportedMediaType naming it, so the client can send JSON instead.
 */
export function decodeProtobufBody(body: Uint8Array): Record<string, unknown> | undefined {
  if (body.length === 0) return undefined;
  const env = readEnvelope(body);
  if (!env.kind || !env.apiVersion) throw new BadRequestError('the protobuf body does not name its apiVersion and kind');
  const what = `${env.apiVersion}, Kind=${env.kind}`;
  if (env.contentEncoding) throw unsupported(`protobuf bodies with content encoding "${env.contentEncoding}" are not supported (${what})`);
  if (env.contentType && env.contentType !== PROTOBUF_MEDIA_TYPE) throw unsupported(`protobuf envelopes carrying "${env.contentType}" are not supported (${what})`);
  const schema = SCHEMAS.get(`${env.apiVersion}/${env.kind}`);
  if (!schema) throw unsupported(`this server does not decode ${what} from protobuf; send it as application/json (for example kubectl apply -f or kubectl create -f)`);
  const decoded = decodeMessage(schema, env.raw);
  return { apiVersion: env.apiVersion, kind: env.kind, ...(decoded as Record<string, unknown>) };
}
