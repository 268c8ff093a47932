/**
 * The error catalogue shared by every component. An ApiError maps 1:1 onto a Kubernetes Status
 * (apimachinery StatusError): the API server renders it, client/ rebuilds it from a Status body, so
 * `err instanceof ConflictError` works across HTTP.
 */
import { isRecord } from './guards.js';

export interface StatusCause { field?: string; message: string; reason?: string }
export interface StatusDetails { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number }

/** The Kubernetes Status object (meta/v1). */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

export class ApiError extends Error {
  readonly httpStatus: number;
  readonly reason: string;
  readonly details: StatusDetails | undefined;
  constructor(httpStatus: number, reason: string, message: string, details?: StatusDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.httpStatus = httpStatus;
    this.reason = reason;
    this.details = details;
  }
  get code(): number { return this.httpStatus; }
  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.httpStatus };
    if (this.details) s.details = this.details;
    return s;
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string, details?: StatusDetails) { super(400, 'BadRequest', message, details); }
}
export class UnauthorizedError extends ApiError {
  constructor(message = 'Unauthorized') { super(401, 'Unauthorized', message); }
}
export class ForbiddenError extends ApiError {
  constructor(message: string) { super(403, 'Forbidden', message); }
}
/** `resource` is the plural resource name as Kubernetes prints it ("pods", "deployments.apps"). */
export class NotFoundError extends ApiError {
  constructor(resource: string, name: string, details?: StatusDetails) {
    super(404, 'NotFound', name ? `${resource} "${name}" not found` : `the server could not find the requested resource (${resource})`, { name, kind: resource, ...details });
  }
}
export class AlreadyExistsError extends ApiError {
  constructor(resource: string, name: string) { super(409, 'AlreadyExists', `${resource} "${name}" already exists`, { name, kind: resource }); }
}
export class ConflictError extends ApiError {
  constructor(resource: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') {
    super(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${why}`, { name, kind: resource });
  }
}
export class GoneError extends ApiError {
  constructor(message: string) { super(410, 'Expired', message); }
}
export class RequestEntityTooLargeError extends ApiError {
  constructor(message = 'Request entity too large: limit is 3145728') { super(413, 'RequestEntityTooLarge', message); }
}
export class UnsupportedMediaTypeError extends ApiError {
  constructor(contentType: string) { super(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got ${contentType || 'none'})`); }
}
export class MethodNotAllowedError extends ApiError {
  constructor(message: string) { super(405, 'MethodNotAllowed', message); }
}
/** 422: `causes` carry the field path of every problem (e.g. `metadata.name`). */
export class InvalidError extends ApiError {
  constructor(kind: string, name: string, causes: StatusCause[]) {
    const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ');
    // A hostile 1 MB name must not come back as a 1 MB message.
    const shown = name.length > 253 ? `${name.slice(0, 253)}…` : name;
    super(422, 'Invalid', `${kind} "${shown}" is invalid: ${summary}`, { name: shown, kind, causes });
  }
}
export class InternalError extends ApiError {
  constructor(message: string, options?: { cause?: unknown }) { super(500, 'InternalError', message, undefined, options); }
}


/** Rebuilds the matching ApiError subclass from a Status body (or anything else) and an HTTP code. */
export function errorFromStatus(httpStatus: number, body: unknown): ApiError {
  const s = isRecord(body) ? body : {};
  const message = typeof s.message === 'string' ? s.message : `HTTP ${httpStatus}`;
  const reason = typeof s.reason === 'string' ? s.reason : '';
  const details = isRecord(s.details) ? (s.details as StatusDetails) : undefined;
  let err: ApiError;
  switch (httpStatus) {
    case 400: err = new BadRequestError(message, details); break;
    case 401: err = new UnauthorizedError(message); break;
    case 403: err = new ForbiddenError(message); break;
    case 404: err = Object.assign(new NotFoundError(details?.kind ?? '', details?.name ?? ''), { message }); break;
    case 409: err = reason === 'AlreadyExists' ? new AlreadyExistsError(details?.kind ?? '', details?.name ?? '') : new ConflictError(details?.kind ?? '', details?.name ?? ''); err.message = message; break;
    case 410: err = new GoneError(message); break;
    case 413: err = new RequestEntityTooLargeError(message); break;
    case 422: err = new InvalidError(details?.kind ?? '', details?.name ?? '', details?.causes ?? []); err.message = message; break;
    default: err = httpStatus >= 500 ? new InternalError(message) : new ApiError(httpStatus, reason || 'Unknown', message, details);
  }
  return err;
}

export function isNotFound(err: unknown): boolean { return err instanceof ApiError && err.httpStatus === 404; }
export function isConflict(err: unknown): boolean { return err instanceof ApiError && err.httpStatus === 409 && err.reason === 'Conflict'; }
export function isAlreadyExists(err: unknown): boolean { return err instanceof ApiError && err.reason === 'AlreadyExists'; }
