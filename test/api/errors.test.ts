import { describe, expect, it } from 'vitest';
import {
  AlreadyExistsError, ApiError, BadRequestError, ConflictError, errorFromStatus, GoneError, InternalError, InvalidError,
  isAlreadyExists, isConflict, isNotFound, NotFoundError, UnauthorizedError,
} from '../../api/errors.js';

describe('ApiError <-> Status round trip', () => {
  it.each([
    { scenario: 'not found', err: new NotFoundError('pods', 'web-1'), cls: NotFoundError, code: 404, reason: 'NotFound', message: 'pods "web-1" not found' },
    { scenario: 'already exists', err: new AlreadyExistsError('deployments.apps', 'web'), cls: AlreadyExistsError, code: 409, reason: 'AlreadyExists', message: 'deployments.apps "web" already exists' },
    { scenario: 'conflict', err: new ConflictError('pods', 'web-1'), cls: ConflictError, code: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled on pods "web-1": the object has been modified; please apply your changes to the latest version and try again' },
    { scenario: 'bad request', err: new BadRequestError('nope'), cls: BadRequestError, code: 400, reason: 'BadRequest', message: 'nope' },
    { scenario: 'unauthorized', err: new UnauthorizedError(), cls: UnauthorizedError, code: 401, reason: 'Unauthorized', message: 'Unauthorized' },
    { scenario: 'gone', err: new GoneError('too old resource version: 5 (40)'), cls: GoneError, code: 410, reason: 'Expired', message: 'too old resource version: 5 (40)' },
    { scenario: 'internal', err: new InternalError('boom'), cls: InternalError, code: 500, reason: 'InternalError', message: 'boom' },
  ])('$scenario: renders a Status and comes back as the same class', ({ err, cls, code, reason, message }) => {
    const status = err.toStatus();
    expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
    const back = errorFromStatus(code, JSON.parse(JSON.stringify(status)));
    expect(back).toBeInstanceOf(cls);
    expect(back).toBeInstanceOf(ApiError);
    expect(back.message).toBe(message);
    expect(back.reason).toBe(reason);
  });

  it('an Invalid error keeps its field causes across the wire', () => {
    const err = new InvalidError('Pod', 'Bad_Name', [{ field: 'metadata.name', message: 'Invalid value: "Bad_Name": nope' }]);
    expect(err.message).toBe('Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": nope');
    const back = errorFromStatus(422, err.toStatus());
    expect(back).toBeInstanceOf(InvalidError);
    expect(back.details?.causes).toEqual([{ field: 'metadata.name', message: 'Invalid value: "Bad_Name": nope' }]);
  });

  it('a 5xx without a Status body (a proxy 502) becomes an InternalError carrying the text', () => {
    const back = errorFromStatus(502, { message: '<html>bad gateway</html>' });
    expect(back).toBeInstanceOf(InternalError);
    expect(back.message).toBe('<html>bad gateway</html>');
  });

  it.each([
    { scenario: 'NotFound', err: new NotFoundError('pods', 'x'), notFound: true, conflict: false, exists: false },
    { scenario: 'Conflict', err: new ConflictError('pods', 'x'), notFound: false, conflict: true, exists: false },
    { scenario: 'AlreadyExists', err: new AlreadyExistsError('pods', 'x'), notFound: false, conflict: false, exists: true },
    { scenario: 'a plain Error', err: new Error('x'), notFound: false, conflict: false, exists: false },
  ])('predicates on $scenario', ({ err, notFound, conflict, exists }) => {
    expect([isNotFound(err), isConflict(err), isAlreadyExists(err)]).toEqual([notFound, conflict, exists]);
  });
});

describe('InvalidError with a hostile name', () => {
  it('shows at most 253 characters of the name', () => {
    const err = new InvalidError('Pod', 'x'.repeat(1_000_000), [{ field: 'metadata.name', message: 'too long' }]);
    expect(err.message.length).toBeLessThan(400);
    expect(err.details?.name).toBe(`${'x'.repeat(253)}…`);
  });
});
