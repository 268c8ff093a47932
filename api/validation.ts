/**
 * Validation: turns an `unknown` body into a KubeObject or an InvalidError whose causes carry field
 * paths ("spec.template.spec.containers[0].image: Required value"). Pure; no IO.
 */
import { BadRequestError, InvalidError, type StatusCause } from './errors.js';
import { isQuantity } from './quantity.js';
import type { KindDefinition } from './kinds/kind.js';
import { CONTAINER_PORT_REST, CONTAINER_REST, OBJECT_META_REST, OWNER_REFERENCE, POD_SPEC_REST, TEMPLATE_META } from './schemas.js';
import { checkShape, nestedDeeperThan, showValue } from './shape.js';
import { fromLabelSelector, matchesLabels } from './selector.js';
import type { KubeObject } from './types.js';
import { isRecord } from './guards.js';

type Rec = Record<string, unknown>;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Objects nest about ten levels deep; patches, clones and JSON encoding all recurse, so anything
 * deeper is refused before it is parsed (apiserver/body.ts) or stored.
 */
export const MAX_NESTING_DEPTH = 100;

/** Collects causes with field paths. */
export class Problems {
  readonly causes: StatusCause[] = [];
  add(field: string, message: string, reason = 'FieldValueInvalid'): void { this.causes.push({ field, message, reason }); }
  required(field: string, what = ''): void { this.add(field, `Required value${what ? `: ${what}` : ''}`, 'FieldValueRequired'); }
  invalid(field: string, value: unknown, why: string): void { this.add(field, `Invalid value: ${showValue(value)}: ${why}`); }
}

/** `v` is one of `allowed` (strings only: String() of a hostile object throws). */
export const oneOf = (v: unknown, allowed: readonly string[]): boolean => typeof v === 'string' && allowed.includes(v);

export function dns1123LabelError(v: string): string | undefined {
  if (v.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(v)) return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  return undefined;
}
export function dns1123SubdomainError(v: string): string | undefined {
  if (v.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(v)) return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  return undefined;
}

/** Checks a map of string to string at `field`; label maps (`isLabels`) also check key and value syntax. */
export function checkStringMap(p: Problems, field: string, v: unknown, isLabels: boolean): void {
  if (v === undefined || v === null) return;
  if (!isRecord(v)) { p.invalid(field, v, 'must be a map of string keys to string values'); return; }
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') { p.invalid(`${field}[${k}]`, val, 'must be a string'); continue; }
    if (!isLabels) continue;
    const name = k.includes('/') ? k.slice(k.lastIndexOf('/') + 1) : k;
    const prefix = k.includes('/') ? k.slice(0, k.lastIndexOf('/')) : '';
    if (!LABEL_NAME.test(name) || name.length > 63 || (prefix && dns1123SubdomainError(prefix))) p.invalid(`${field}`, k, 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character');
    if (val.length > 63 || !LABEL_VALUE.test(val)) p.invalid(`${field}`, val, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  }
}

function checkMetadata(p: Problems, nameRule: 'label' | 'subdomain', meta: Rec, forCreate: boolean): void {
  const name = meta.name;
  if (name === undefined || name === '') {
    if (!(forCreate && typeof meta.generateName === 'string' && meta.generateName)) p.required('metadata.name', 'name or generateName is required');
  } else if (typeof name !== 'string') {
    p.invalid('metadata.name', name, 'must be a string');
  } else {
    const err = nameRule === 'label' ? dns1123LabelError(name) : dns1123SubdomainError(name);
    if (err) p.invalid('metadata.name', name, err);
  }
  if (meta.generateName !== undefined && typeof meta.generateName !== 'string') p.invalid('metadata.generateName', meta.generateName, 'must be a string');
  else if (typeof meta.generateName === 'string' && meta.generateName && !meta.name) {
    // Kubernetes checks the prefix as a name whose trailing '-' stands for the random suffix.
    const prefix = meta.generateName.replace(/-$/, 'a');
    const err = nameRule === 'label' ? dns1123LabelError(prefix) : dns1123SubdomainError(prefix);
    if (err) p.invalid('metadata.generateName', meta.generateName, err);
  }
  if (meta.namespace !== undefined && (typeof meta.namespace !== 'string' || dns1123LabelError(meta.namespace))) p.invalid('metadata.namespace', meta.namespace, 'must be a valid namespace name');
  checkStringMap(p, 'metadata.labels', meta.labels, true);
  checkStringMap(p, 'metadata.annotations', meta.annotations, false);
  checkShape(p, 'metadata.ownerReferences', meta.ownerReferences, { list: OWNER_REFERENCE });
  if (Array.isArray(meta.ownerReferences) && meta.ownerReferences.filter((ref: unknown) => isRecord(ref) && ref.controller === true).length > 1) {
    p.add('metadata.ownerReferences', 'Invalid value: only one reference can have controller set to true');
  }
  checkShape(p, 'metadata', meta, OBJECT_META_REST);
}

/** Integer fields are int32 in Kubernetes (max 2^31-1), unless the caller says otherwise. */
export function checkInt(p: Problems, field: string, v: unknown, min: number, max = 2 ** 31 - 1): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) { p.invalid(field, v, 'must be an integer'); return; }
  if (v < min || v > max) p.invalid(field, v, `must be between ${min} and ${max}, inclusive`);
}

export function checkStringList(p: Problems, field: string, v: unknown): void {
  if (v === undefined) return;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) p.invalid(field, v, 'must be a list of strings');
}

function checkResources(p: Problems, field: string, v: unknown): void {
  if (v === undefined) return;
  if (!isRecord(v)) { p.invalid(field, v, 'must be an object'); return; }
  for (const part of ['limits', 'requests'] as const) {
    const list = v[part];
    if (list === undefined) continue;
    if (!isRecord(list)) { p.invalid(`${field}.${part}`, list, 'must be a map of resource names to quantities'); continue; }
    for (const [res, q] of Object.entries(list)) {
      if (!isQuantity(q)) p.invalid(`${field}.${part}[${res}]`, q, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
      else if (typeof q === 'string' ? q.trim().startsWith('-') : (q as number) < 0) p.invalid(`${field}.${part}[${res}]`, q, 'must be greater than or equal to 0');
    }
  }
}

function checkContainer(p: Problems, f: string, c: unknown, names: Set<string>): void {
  if (!isRecord(c)) { p.invalid(f, c, 'must be an object'); return; }
  if (typeof c.name !== 'string' || !c.name) p.required(`${f}.name`);
  else {
    const err = dns1123LabelError(c.name);
    if (err) p.invalid(`${f}.name`, c.name, err);
    if (names.has(c.name)) p.add(`${f}.name`, `Duplicate value: ${JSON.stringify(c.name)}`, 'FieldValueDuplicate');
    names.add(c.name);
  }
  if (typeof c.image !== 'string' || !c.image.trim()) p.required(`${f}.image`);
  if (c.imagePullPolicy !== undefined && !oneOf(c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never'])) p.add(`${f}.imagePullPolicy`, `Unsupported value: ${showValue(c.imagePullPolicy)}: supported values: "Always", "IfNotPresent", "Never"`, 'FieldValueNotSupported');
  checkStringList(p, `${f}.command`, c.command);
  checkStringList(p, `${f}.args`, c.args);
  if (c.env !== undefined) {
    if (!Array.isArray(c.env)) p.invalid(`${f}.env`, c.env, 'must be a list');
    else c.env.forEach((e: unknown, i) => {
      if (!isRecord(e) || typeof e.name !== 'string' || !e.name) p.required(`${f}.env[${i}].name`);
      else if (e.value !== undefined && typeof e.value !== 'string') p.invalid(`${f}.env[${i}].value`, e.value, 'must be a string');
    });
  }
  if (c.ports !== undefined) {
    if (!Array.isArray(c.ports)) p.invalid(`${f}.ports`, c.ports, 'must be a list');
    else c.ports.forEach((port: unknown, i) => {
      if (!isRecord(port)) { p.invalid(`${f}.ports[${i}]`, port, 'must be an object'); return; }
      if (port.containerPort === undefined) p.required(`${f}.ports[${i}].containerPort`);
      checkInt(p, `${f}.ports[${i}].containerPort`, port.containerPort, 1, 65535);
      checkInt(p, `${f}.ports[${i}].hostPort`, port.hostPort, 0, 65535);
      checkShape(p, `${f}.ports[${i}]`, port, CONTAINER_PORT_REST);
    });
  }
  checkResources(p, `${f}.resources`, c.resources);
  checkShape(p, f, c, CONTAINER_REST);
}

/** Validates a pod spec at `f` ("spec" or "spec.template.spec"). */
export function checkPodSpec(p: Problems, f: string, spec: unknown): void {
  if (!isRecord(spec)) { p.required(f); return; }
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) { p.required(`${f}.containers`); return; }
  const names = new Set<string>();
  spec.containers.forEach((c: unknown, i) => checkContainer(p, `${f}.containers[${i}]`, c, names));
  if (spec.restartPolicy !== undefined && !oneOf(spec.restartPolicy, ['Always', 'OnFailure', 'Never'])) p.add(`${f}.restartPolicy`, `Unsupported value: ${showValue(spec.restartPolicy)}: supported values: "Always", "OnFailure", "Never"`, 'FieldValueNotSupported');
  checkStringMap(p, `${f}.nodeSelector`, spec.nodeSelector, false);
  if (spec.nodeName !== undefined && typeof spec.nodeName !== 'string') p.invalid(`${f}.nodeName`, spec.nodeName, 'must be a string');
  checkInt(p, `${f}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 0);
  checkShape(p, f, spec, POD_SPEC_REST);
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** matchExpressions must be well-formed before fromLabelSelector reads them. */
export function checkMatchExpressions(p: Problems, field: string, v: unknown): void {
  if (v === undefined || v === null) return;
  if (!Array.isArray(v)) { p.invalid(field, v, 'must be a list'); return; }
  v.forEach((e: unknown, i) => {
    const f = `${field}[${i}]`;
    if (!isRecord(e) || typeof e.key !== 'string' || !e.key) { p.required(`${f}.key`); return; }
    if (!oneOf(e.operator, SELECTOR_OPERATORS)) { p.add(`${f}.operator`, `Unsupported value: ${showValue(e.operator)}: supported values: "In", "NotIn", "Exists", "DoesNotExist"`, 'FieldValueNotSupported'); return; }
    checkStringList(p, `${f}.values`, e.values);
    const count = Array.isArray(e.values) ? e.values.length : 0;
    if ((e.operator === 'In' || e.operator === 'NotIn') && count === 0) p.required(`${f}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\'');
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && count > 0) p.add(`${f}.values`, 'Forbidden: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'', 'FieldValueForbidden');
  });
}

/** The spec fields Deployment and ReplicaSet share (replicas, selector, template). */
export function checkWorkload(p: Problems, spec: unknown): void {
  if (!isRecord(spec)) { p.required('spec'); return; }
  checkInt(p, 'spec.replicas', spec.replicas, 0, 100000);
  checkInt(p, 'spec.minReadySeconds', spec.minReadySeconds, 0);
  checkInt(p, 'spec.revisionHistoryLimit', spec.revisionHistoryLimit, 0);
  checkInt(p, 'spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 1);
  const sel = spec.selector;
  if (!isRecord(sel) || (sel.matchLabels === undefined && sel.matchExpressions === undefined)) p.required('spec.selector');
  else {
    checkStringMap(p, 'spec.selector.matchLabels', sel.matchLabels, true);
    checkMatchExpressions(p, 'spec.selector.matchExpressions', sel.matchExpressions);
  }
  const tpl = spec.template;
  if (!isRecord(tpl)) { p.required('spec.template'); return; }
  checkShape(p, 'spec.template.metadata', tpl.metadata, TEMPLATE_META);
  const labels = isRecord(tpl.metadata) ? tpl.metadata.labels : undefined;
  checkStringMap(p, 'spec.template.metadata.labels', labels, true);
  if (isRecord(sel) && p.causes.length === 0) {
    const requirements = fromLabelSelector(sel);
    const tplLabels = isRecord(labels) ? (labels as Record<string, string>) : {};
    if (requirements.length === 0 || !matchesLabels(requirements, tplLabels)) p.invalid('spec.template.metadata.labels', tplLabels, '`selector` does not match template `labels`');
  }
  checkPodSpec(p, 'spec.template.spec', tpl.spec);
}

/**
 * Checks the shape every object needs (apiVersion/kind matching `r`, metadata) and the kind's own
 * rules. Returns the object narrowed, or throws BadRequestError (not an object / wrong kind) or
 * InvalidError (field problems, with paths).
 */
export function validateObject(body: unknown, r: KindDefinition, opts: { forCreate: boolean }): KubeObject {
  if (!isRecord(body)) throw new BadRequestError('the request body must be a JSON or YAML object');
  const gv = r.group ? `${r.group}/${r.version}` : r.version;
  if (body.kind !== undefined && body.kind !== r.kind) throw new BadRequestError(`the kind ${showValue(body.kind)} of the body does not match the resource "${r.resource}" (expected kind "${r.kind}")`);
  if (body.apiVersion !== undefined && body.apiVersion !== gv) throw new BadRequestError(`the apiVersion ${showValue(body.apiVersion)} of the body does not match "${gv}"`);
  if (nestedDeeperThan(body, MAX_NESTING_DEPTH)) throw new BadRequestError(`the object nests deeper than ${MAX_NESTING_DEPTH} levels`);
  const p = new Problems();
  const meta = body.metadata;
  if (!isRecord(meta)) p.required('metadata');
  else checkMetadata(p, r.nameRule ?? 'subdomain', meta, opts.forCreate);
  r.validate(p, body);
  if (r.statusShape) checkShape(p, 'status', body.status, r.statusShape);
  const name = isRecord(meta) && typeof meta.name === 'string' ? meta.name : '';
  if (p.causes.length > 0) throw new InvalidError(r.kind, name, p.causes);
  return { ...body, apiVersion: gv, kind: r.kind, metadata: meta as KubeObject['metadata'] };
}
