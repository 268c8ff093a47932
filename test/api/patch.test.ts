import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../api/errors.js';
import { applyJsonPatch, applyMergePatch } from '../../api/patch.js';

/** Freezes a value all the way down, so any mutation by the code under test throws (ESM is strict mode). */
function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}

const parse = (s: string): unknown => JSON.parse(s) as unknown;

describe('applyMergePatch (RFC 7386 appendix A)', () => {
  it.each([
    ['{"a":"b"}', '{"a":"c"}', '{"a":"c"}'],
    ['{"a":"b"}', '{"b":"c"}', '{"a":"b","b":"c"}'],
    ['{"a":"b"}', '{"a":null}', '{}'],
    ['{"a":"b","b":"c"}', '{"a":null}', '{"b":"c"}'],
    ['{"a":["b"]}', '{"a":"c"}', '{"a":"c"}'],
    ['{"a":"c"}', '{"a":["b"]}', '{"a":["b"]}'],
    ['{"a":{"b":"c"}}', '{"a":{"b":"d","c":null}}', '{"a":{"b":"d"}}'],
    ['{"a":[{"b":"c"}]}', '{"a":[1]}', '{"a":[1]}'],
    ['["a","b"]', '["c","d"]', '["c","d"]'],
    ['{"a":"b"}', '["c"]', '["c"]'],
    ['{"a":"foo"}', 'null', 'null'],
    ['{"a":"foo"}', '"bar"', '"bar"'],
    ['{"e":null}', '{"a":1}', '{"e":null,"a":1}'],
    ['[1,2]', '{"a":"b","c":null}', '{"a":"b"}'],
    ['{}', '{"a":{"bb":{"ccc":null}}}', '{"a":{"bb":{}}}'],
  ])('%s + %s = %s', (target, patch, want) => {
    const t = deepFreeze(parse(target));
    const p = deepFreeze(parse(patch));
    expect(applyMergePatch(t, p)).toEqual(parse(want));
  });

  it('kubectl scale: a merge patch on a Scale changes only spec.replicas', () => {
    const scale = deepFreeze({ kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 3 }, status: { replicas: 3, selector: 'app=web' } });
    expect(applyMergePatch(scale, { spec: { replicas: 5 } })).toEqual({ ...scale, spec: { replicas: 5 } });
  });

  it('a lists in a merge patch replaces the whole list (why apply must not use it)', () => {
    const live = { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] };
    expect(applyMergePatch(live, { containers: [{ name: 'web', env: [] }] })).toEqual({ containers: [{ name: 'web', env: [] }] });
  });

  it('an own "__proto__" key does not change the prototype of the result', () => {
    const out = applyMergePatch({}, parse('{"__proto__":{"polluted":"yes"},"a":1}')) as Record<string, unknown>;
    expect(out).toEqual({ a: 1 });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.polluted).toBeUndefined();
  });
});

describe('applyJsonPatch (RFC 6902 appendix A)', () => {
  it.each([
    { scenario: 'A.1 add an object member', doc: '{"foo":"bar"}', ops: '[{"op":"add","path":"/baz","value":"qux"}]', want: '{"baz":"qux","foo":"bar"}' },
    { scenario: 'A.2 add an array element', doc: '{"foo":["bar","baz"]}', ops: '[{"op":"add","path":"/foo/1","value":"qux"}]', want: '{"foo":["bar","qux","baz"]}' },
    { scenario: 'A.3 remove an object member', doc: '{"baz":"qux","foo":"bar"}', ops: '[{"op":"remove","path":"/baz"}]', want: '{"foo":"bar"}' },
    { scenario: 'A.4 remove an array element', doc: '{"foo":["bar","qux","baz"]}', ops: '[{"op":"remove","path":"/foo/1"}]', want: '{"foo":["bar","baz"]}' },
    { scenario: 'A.5 replace a value', doc: '{"baz":"qux","foo":"bar"}', ops: '[{"op":"replace","path":"/baz","value":"boo"}]', want: '{"baz":"boo","foo":"bar"}' },
    {
      scenario: 'A.6 move a value', doc: '{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}',
      ops: '[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]', want: '{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}',
    },
    { scenario: 'A.7 move an array element', doc: '{"foo":["all","grass","cows","eat"]}', ops: '[{"op":"move","from":"/foo/1","path":"/foo/3"}]', want: '{"foo":["all","cows","eat","grass"]}' },
    { scenario: 'A.8 test a value: success', doc: '{"baz":"qux","foo":["a",2,"c"]}', ops: '[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]', want: '{"baz":"qux","foo":["a",2,"c"]}' },
    { scenario: 'A.10 add a nested member object', doc: '{"foo":"bar"}', ops: '[{"op":"add","path":"/child","value":{"grandchild":{}}}]', want: '{"foo":"bar","child":{"grandchild":{}}}' },
    { scenario: 'A.11 ignore unrecognised members of an op', doc: '{"foo":"bar"}', ops: '[{"op":"add","path":"/baz","value":"qux","xyz":123}]', want: '{"foo":"bar","baz":"qux"}' },
    { scenario: 'A.14 ~01 unescapes to ~1, not to /', doc: '{"/":9,"~1":10}', ops: '[{"op":"test","path":"/~01","value":10}]', want: '{"/":9,"~1":10}' },
    { scenario: 'A.16 add an array value with "-"', doc: '{"foo":["bar"]}', ops: '[{"op":"add","path":"/foo/-","value":["abc","def"]}]', want: '{"foo":["bar",["abc","def"]]}' },
    { scenario: '~1 escapes a slash in a key (annotations)', doc: '{"a":{"x/y":1}}', ops: '[{"op":"replace","path":"/a/x~1y","value":2}]', want: '{"a":{"x/y":2}}' },
    { scenario: '~0 escapes a tilde in a key', doc: '{"a~b":1}', ops: '[{"op":"remove","path":"/a~0b"}]', want: '{}' },
    { scenario: 'copy a value', doc: '{"a":{"b":1}}', ops: '[{"op":"copy","from":"/a","path":"/c"}]', want: '{"a":{"b":1},"c":{"b":1}}' },
    { scenario: 'add replaces an existing member', doc: '{"a":1}', ops: '[{"op":"add","path":"/a","value":2}]', want: '{"a":2}' },
    { scenario: 'add at the end index of an array', doc: '{"a":[1]}', ops: '[{"op":"add","path":"/a/1","value":2}]', want: '{"a":[1,2]}' },
    { scenario: 'replace the whole document', doc: '{"a":1}', ops: '[{"op":"replace","path":"","value":{"b":2}}]', want: '{"b":2}' },
    { scenario: 'test compares objects regardless of key order', doc: '{"a":{"x":1,"y":2}}', ops: '[{"op":"test","path":"/a","value":{"y":2,"x":1}}]', want: '{"a":{"x":1,"y":2}}' },
    { scenario: 'test null', doc: '{"a":null}', ops: '[{"op":"test","path":"/a","value":null}]', want: '{"a":null}' },
    {
      scenario: 'kubectl rollout undo: replace template and annotations',
      doc: '{"metadata":{"annotations":{"deployment.kubernetes.io/revision":"2"}},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"v2"}]}}}}',
      ops: '[{"op":"replace","path":"/spec/template","value":{"spec":{"containers":[{"name":"web","image":"v1"}]}}},{"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"1"}}]',
      want: '{"metadata":{"annotations":{"deployment.kubernetes.io/revision":"1"}},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"v1"}]}}}}',
    },
  ])('$scenario', ({ doc, ops, want }) => {
    expect(applyJsonPatch(deepFreeze(parse(doc)), deepFreeze(parse(ops)))).toEqual(parse(want));
  });

  it.each([
    { scenario: 'A.9 test a value: error', doc: '{"baz":"qux"}', ops: '[{"op":"test","path":"/baz","value":"bar"}]' },
    { scenario: 'A.12 add to a nonexistent target', doc: '{"foo":"bar"}', ops: '[{"op":"add","path":"/baz/bat","value":"qux"}]' },
    { scenario: 'A.15 a string is not a number', doc: '{"/":9,"~1":10}', ops: '[{"op":"test","path":"/~01","value":"10"}]' },
    { scenario: 'remove a missing member', doc: '{"a":1}', ops: '[{"op":"remove","path":"/b"}]' },
    { scenario: 'replace a missing member', doc: '{"a":1}', ops: '[{"op":"replace","path":"/b","value":1}]' },
    { scenario: 'replace an inherited member', doc: '{"a":1}', ops: '[{"op":"replace","path":"/constructor","value":1}]' },
    { scenario: 'remove past the end of an array', doc: '{"a":[1]}', ops: '[{"op":"remove","path":"/a/1"}]' },
    { scenario: 'add beyond the end of an array', doc: '{"a":[1]}', ops: '[{"op":"add","path":"/a/5","value":2}]' },
    { scenario: '"-" only appends', doc: '{"a":[1]}', ops: '[{"op":"remove","path":"/a/-"}]' },
    { scenario: 'array index with a leading zero', doc: '{"a":[1,2]}', ops: '[{"op":"add","path":"/a/01","value":3}]' },
    { scenario: 'negative array index', doc: '{"a":[1,2]}', ops: '[{"op":"replace","path":"/a/-1","value":3}]' },
    { scenario: 'pointer without a leading slash', doc: '{"a":1}', ops: '[{"op":"remove","path":"a"}]' },
    { scenario: 'unknown op', doc: '{"a":1}', ops: '[{"op":"frobnicate","path":"/a"}]' },
    { scenario: 'op without a path', doc: '{"a":1}', ops: '[{"op":"remove"}]' },
    { scenario: 'move without from', doc: '{"a":1}', ops: '[{"op":"move","path":"/b"}]' },
    { scenario: 'copy from a missing path', doc: '{"a":1}', ops: '[{"op":"copy","from":"/x","path":"/b"}]' },
    { scenario: 'move a value into its own child', doc: '{"a":{"b":1}}', ops: '[{"op":"move","from":"/a","path":"/a/b/c"}]' },
    { scenario: 'not a list of operations', doc: '{"a":1}', ops: '{"op":"remove","path":"/a"}' },
    { scenario: 'remove the whole document', doc: '{"a":1}', ops: '[{"op":"remove","path":""}]' },
    { scenario: 'walking into Object.prototype', doc: '{"a":1}', ops: '[{"op":"add","path":"/__proto__/polluted","value":"yes"}]' },
    { scenario: 'setting __proto__ itself', doc: '{"a":1}', ops: '[{"op":"add","path":"/__proto__","value":{"polluted":"yes"}}]' },
  ])('$scenario -> BadRequestError', ({ doc, ops }) => {
    expect(() => applyJsonPatch(deepFreeze(parse(doc)), deepFreeze(parse(ops)))).toThrow(BadRequestError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a failing op leaves the input untouched (ops apply to a copy)', () => {
    const doc = { a: 1, list: [1, 2] };
    expect(() => applyJsonPatch(doc, [{ op: 'add', path: '/b', value: 2 }, { op: 'remove', path: '/list/0' }, { op: 'test', path: '/a', value: 9 }])).toThrow(BadRequestError);
    expect(doc).toEqual({ a: 1, list: [1, 2] });
  });

  it('an added value is copied, not shared with the patch', () => {
    const value = { nested: [1] };
    const out = applyJsonPatch({}, [{ op: 'add', path: '/v', value }]) as { v: { nested: number[] } };
    out.v.nested.push(2);
    expect(value.nested).toEqual([1]);
  });
});
