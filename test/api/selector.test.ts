import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../api/errors.js';
import {
  formatSelector, fromLabelSelector, getFieldPath, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, type Selector,
} from '../../api/selector.js';
import { makeNode, makePod } from '../support/builders.js';

describe('parseLabelSelector', () => {
  it.each<{ scenario: string; s: string | undefined; want: Selector }>([
    { scenario: 'undefined is everything', s: undefined, want: [] },
    { scenario: 'empty string is everything', s: '', want: [] },
    { scenario: 'equality', s: 'app=web', want: [{ key: 'app', op: '=', value: 'web' }] },
    { scenario: 'double equals', s: 'app==web', want: [{ key: 'app', op: '=', value: 'web' }] },
    { scenario: 'inequality', s: 'app!=web', want: [{ key: 'app', op: '!=', value: 'web' }] },
    { scenario: 'spaces around the operator', s: 'app =  web', want: [{ key: 'app', op: '=', value: 'web' }] },
    { scenario: 'empty value', s: 'env=', want: [{ key: 'env', op: '=', value: '' }] },
    { scenario: 'prefixed key', s: 'app.kubernetes.io/name=web', want: [{ key: 'app.kubernetes.io/name', op: '=', value: 'web' }] },
    { scenario: 'in', s: 'tier in (a, b)', want: [{ key: 'tier', op: 'in', values: ['a', 'b'] }] },
    { scenario: 'in without a space before the paren', s: 'tier in(a)', want: [{ key: 'tier', op: 'in', values: ['a'] }] },
    { scenario: 'notin', s: 'tier notin (a)', want: [{ key: 'tier', op: 'notin', values: ['a'] }] },
    { scenario: 'exists', s: 'canary', want: [{ key: 'canary', op: 'exists' }] },
    { scenario: 'does not exist', s: '!canary', want: [{ key: 'canary', op: '!' }] },
    {
      scenario: 'commas inside parentheses do not split terms',
      s: 'app=web,tier in (a,b,c),!canary',
      want: [{ key: 'app', op: '=', value: 'web' }, { key: 'tier', op: 'in', values: ['a', 'b', 'c'] }, { key: 'canary', op: '!' }],
    },
    { scenario: 'notin followed by an exists term', s: 'app notin (a),b', want: [{ key: 'app', op: 'notin', values: ['a'] }, { key: 'b', op: 'exists' }] },
  ])('$scenario: "$s"', ({ s, want }) => {
    expect(parseLabelSelector(s)).toEqual(want);
  });

  it.each([
    { scenario: 'unclosed parenthesis', s: 'app in (a' },
    { scenario: 'unclosed parenthesis with a comma', s: 'app in (a,b' },
    { scenario: 'missing key', s: '=web' },
    { scenario: 'bare bang', s: '!' },
    { scenario: 'space in a term', s: 'a b' },
    { scenario: 'space in a key', s: 'bad key!=x' },
    { scenario: 'set without parentheses', s: 'app in a' },
    { scenario: 'empty value set', s: 'app in ()' },
    { scenario: 'second equals sign', s: 'app=web=x' },
    { scenario: 'stray closing parenthesis', s: 'app=web)' },
    { scenario: 'parenthesis in the key', s: 'a(b=c' },
    { scenario: 'space inside a set value', s: 'x in (a b)' },
    { scenario: 'key starting with a dash', s: '-bad=x' },
    { scenario: 'value starting with a dash', s: 'app=-x' },
    { scenario: 'value longer than 63 characters', s: `app=${'a'.repeat(64)}` },
  ])('$scenario: "$s" -> BadRequestError', ({ s }) => {
    expect(() => parseLabelSelector(s)).toThrow(BadRequestError);
  });

  it('the BadRequestError is a 400', () => {
    try {
      parseLabelSelector('app in (a');
      expect.unreachable('parse should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as BadRequestError).httpStatus).toBe(400);
    }
  });
});

describe('matchesLabels', () => {
  const web = { app: 'web', tier: 'front' };
  it.each([
    { s: 'app=web', labels: web, match: true },
    { s: 'app=db', labels: web, match: false },
    { s: 'app!=db', labels: web, match: true },
    { s: 'missing!=x', labels: web, match: true }, // != matches objects without the label
    { s: 'tier in (front,back)', labels: web, match: true },
    { s: 'tier in (back)', labels: web, match: false },
    { s: 'missing in (x)', labels: web, match: false },
    { s: 'tier notin (back)', labels: web, match: true },
    { s: 'tier notin (front)', labels: web, match: false },
    { s: 'missing notin (x)', labels: web, match: true }, // notin matches objects without the label
    { s: 'app', labels: web, match: true },
    { s: 'missing', labels: web, match: false },
    { s: '!missing', labels: web, match: true },
    { s: '!app', labels: web, match: false },
    { s: 'app=web,tier in (front),!canary', labels: web, match: true },
    { s: 'app=web,canary', labels: web, match: false },
    { s: '', labels: undefined, match: true },
    { s: 'app=web', labels: undefined, match: false },
    { s: '!app', labels: undefined, match: true },
    // Object.prototype members are not labels.
    { s: 'constructor', labels: web, match: false },
    { s: '!toString', labels: web, match: true },
    { s: 'constructor', labels: { constructor: 'x' }, match: true },
  ])('"$s" on $labels -> $match', ({ s, labels, match }) => {
    expect(matchesLabels(parseLabelSelector(s), labels)).toBe(match);
  });
});

describe('fromLabelSelector and formatSelector', () => {
  it('converts matchLabels and every matchExpressions operator', () => {
    const sel = fromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'team', operator: 'Exists' },
      ],
    });
    expect(sel).toEqual([
      { key: 'app', op: '=', value: 'web' },
      { key: 'tier', op: 'in', values: ['a', 'b'] },
      { key: 'env', op: 'notin', values: ['prod'] },
      { key: 'canary', op: '!' },
      { key: 'team', op: 'exists' },
    ]);
    expect(formatSelector(sel)).toBe('app=web,tier in (a,b),env notin (prod),!canary,team');
    expect(parseLabelSelector(formatSelector(sel))).toEqual(sel);
  });

  it('an undefined selector selects everything', () => {
    expect(fromLabelSelector(undefined)).toEqual([]);
    expect(matchesLabels(fromLabelSelector(undefined), { any: 'thing' })).toBe(true);
  });
});

describe('parseFieldSelector', () => {
  it.each<{ s: string; want: Selector }>([
    { s: 'spec.nodeName=', want: [{ key: 'spec.nodeName', op: '=', value: '' }] },
    { s: 'metadata.name==web', want: [{ key: 'metadata.name', op: '=', value: 'web' }] },
    { s: 'status.phase!=Running', want: [{ key: 'status.phase', op: '!=', value: 'Running' }] },
    { s: 'involvedObject.name=web,involvedObject.namespace=default', want: [{ key: 'involvedObject.name', op: '=', value: 'web' }, { key: 'involvedObject.namespace', op: '=', value: 'default' }] },
  ])('"$s"', ({ s, want }) => {
    expect(parseFieldSelector(s)).toEqual(want);
  });

  it.each(['spec.nodeName', '!spec.nodeName', 'status.phase in (Running)', 'status.phase notin (Running)', 'a b'])('"%s" -> BadRequestError (only =, == and != exist for fields)', (s) => {
    expect(() => parseFieldSelector(s)).toThrow(BadRequestError);
  });
});

describe('matchesFields', () => {
  const unbound = makePod('pending').build();
  const bound = makePod('running').nodeName('node-1').phase('Running').build();
  it.each([
    { scenario: 'spec.nodeName= matches a pod without the field', s: 'spec.nodeName=', obj: unbound, match: true },
    { scenario: 'spec.nodeName= does not match a bound pod', s: 'spec.nodeName=', obj: bound, match: false },
    { scenario: 'spec.nodeName!= matches a bound pod', s: 'spec.nodeName!=', obj: bound, match: true },
    { scenario: 'spec.nodeName=node-1', s: 'spec.nodeName=node-1', obj: bound, match: true },
    { scenario: 'status.phase=Running', s: 'status.phase=Running', obj: bound, match: true },
    { scenario: 'status.phase=Running on a pod with no status', s: 'status.phase=Running', obj: unbound, match: false },
    { scenario: 'metadata.name', s: 'metadata.name=pending', obj: unbound, match: true },
    { scenario: 'metadata.name of another object', s: 'metadata.name=other', obj: unbound, match: false },
    { scenario: 'both terms must hold', s: 'metadata.name=running,status.phase=Pending', obj: bound, match: false },
    { scenario: 'booleans read as strings', s: 'spec.unschedulable=true', obj: makeNode('n').unschedulable().build(), match: true },
    { scenario: 'empty selector', s: '', obj: bound, match: true },
  ])('$scenario', ({ s, obj, match }) => {
    expect(matchesFields(parseFieldSelector(s), obj)).toBe(match);
  });

  it.each([
    { path: 'metadata.name', want: 'running' },
    { path: 'spec.nodeName', want: 'node-1' },
    { path: 'spec.missing', want: undefined },
    { path: 'metadata.name.deeper', want: undefined },
  ])('getFieldPath($path)', ({ path, want }) => {
    expect(getFieldPath(bound, path)).toBe(want);
  });
});
