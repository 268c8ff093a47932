/**
 * Label and field selectors as they arrive in query strings: equality (`a=b`, `a==b`, `a!=b`) and
 * set-based (`a in (x,y)`, `a notin (x)`, `a`, `!a`), plus LabelSelector objects from specs.
 */
import { BadRequestError } from './errors.js';
import type { LabelSelector } from './types.js';

export type Requirement =
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' };

export type Selector = Requirement[];

/** Splits on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const SET_TERM = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/;
const EQ_TERM = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/;

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function parseTerm(term: string, what: string): Requirement {
  const set = SET_TERM.exec(term);
  if (set && set[1] && set[2]) {
    const values = (set[3] ?? '').split(',').map((v) => v.trim()).filter((v) => v.length > 0);
    return { key: set[1], op: set[2] === 'in' ? 'in' : 'notin', values };
  }
  const eq = EQ_TERM.exec(term);
  if (eq && eq[1] && eq[2]) return { key: eq[1], op: eq[2] === '!=' ? '!=' : '=', value: eq[3] ?? '' };
  if (term.startsWith('!') && KEY.test(term.slice(1))) return { key: term.slice(1), op: '!' };
  if (KEY.test(term)) return { key: term, op: 'exists' };
  throw new BadRequestError(`unable to parse requirement: invalid ${what} selector term "${term}"`);
}

/** Label selectors carry label keys and values, so Kubernetes rejects ones that no label could have ("app=web)", "x in ()"). */
function checkLabelTerm(r: Requirement, term: string): Requirement {
  const values = r.op === '=' || r.op === '!=' ? [r.value] : r.op === 'in' || r.op === 'notin' ? r.values : [];
  const bad = !KEY.test(r.key) || values.some((v) => v.length > 63 || !LABEL_VALUE.test(v)) || ((r.op === 'in' || r.op === 'notin') && values.length === 0);
  if (bad) throw new BadRequestError(`unable to parse requirement: invalid label selector term "${term}"`);
  return r;
}

/** Parses a labelSelector query string. Throws BadRequestError on bad syntax. */
export function parseLabelSelector(s: string | undefined): Selector {
  if (!s) return [];
  return splitTerms(s).map((t) => checkLabelTerm(parseTerm(t, 'label'), t));
}

/** Parses a fieldSelector query string (only = / == / != are allowed, as in Kubernetes). */
export function parseFieldSelector(s: string | undefined): Selector {
  const sel = s ? splitTerms(s).map((t) => parseTerm(t, 'field')) : [];
  for (const r of sel) {
    if (r.op !== '=' && r.op !== '!=') throw new BadRequestError(`invalid field selector "${s ?? ''}": only =, == and != are supported`);
  }
  return sel;
}

/** True when `labels` satisfy every requirement. Missing labels count as absent. */
export function matchesSelector(sel: Selector, get: (key: string) => string | undefined): boolean {
  return sel.every((r) => {
    const v = get(r.key);
    switch (r.op) {
      case '=': return v === r.value;
      case '!=': return v !== r.value;
      case 'in': return v !== undefined && r.values.includes(v);
      case 'notin': return v === undefined || !r.values.includes(v);
      case 'exists': return v !== undefined;
      case '!': return v === undefined;
    }
  });
}

export function matchesLabels(sel: Selector, labels: Record<string, string> | undefined): boolean {
  // Own keys only: "constructor" or "toString" must not read as labels every object has.
  return matchesSelector(sel, (k) => (labels && Object.hasOwn(labels, k) ? labels[k] : undefined));
}

/** Converts a spec LabelSelector (matchLabels + matchExpressions) to requirements. */
export function fromLabelSelector(ls: LabelSelector | undefined): Selector {
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(ls?.matchLabels ?? {})) out.push({ key, op: '=', value });
  for (const e of ls?.matchExpressions ?? []) {
    switch (e.operator) {
      case 'In': out.push({ key: e.key, op: 'in', values: e.values ?? [] }); break;
      case 'NotIn': out.push({ key: e.key, op: 'notin', values: e.values ?? [] }); break;
      case 'Exists': out.push({ key: e.key, op: 'exists' }); break;
      case 'DoesNotExist': out.push({ key: e.key, op: '!' }); break;
    }
  }
  return out;
}

/** Renders requirements back into query-string form ("app=web,tier in (a,b)"). */
export function formatSelector(sel: Selector): string {
  return sel.map((r) => {
    switch (r.op) {
      case '=': return `${r.key}=${r.value}`;
      case '!=': return `${r.key}!=${r.value}`;
      case 'in': return `${r.key} in (${r.values.join(',')})`;
      case 'notin': return `${r.key} notin (${r.values.join(',')})`;
      case 'exists': return r.key;
      case '!': return `!${r.key}`;
    }
  }).join(',');
}

/** Reads a dotted field path ("spec.nodeName", "involvedObject.name") from an object. */
export function getFieldPath(obj: unknown, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return undefined;
  return typeof cur === 'string' ? cur : JSON.stringify(cur);
}

/** True when an object satisfies a field selector; a missing field reads as "" (so `spec.nodeName=` finds unscheduled pods). */
export function matchesFields(sel: Selector, obj: unknown): boolean {
  return matchesSelector(sel, (k) => getFieldPath(obj, k) ?? '');
}
