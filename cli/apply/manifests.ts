/**
 * Reads manifests for `apply -f` and `delete -f`: files, folders (their *.yaml, *.yml and *.json,
 * sorted by name), or stdin (`-`); multi-document YAML, JSON, and `kind: List` wrappers. Untrusted
 * input is bounded: alias expansion is capped and documents over 3 MiB are refused.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isMap, type JsonMap } from './merge-keys.js';

/** The largest single document accepted (the API server's request limit). */
export const MAX_DOCUMENT_BYTES = 3 * 1024 * 1024;
/** The largest file read at all. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** How many alias expansions one document may cause (a "billion laughs" guard). */
export const MAX_ALIAS_COUNT = 100;
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** One object read from a source ("deploy.yaml", or "STDIN"). */
export interface Manifest { source: string; object: JsonMap }
/** Everything read: objects in file order, plus a message for each file or document that failed. */
export interface ManifestSet { manifests: Manifest[]; errors: string[] }

function validate(doc: unknown, source: string): JsonMap[] | string {
  if (!isMap(doc)) return `error validating "${source}": error validating data: the object is not a map`;
  if (doc.kind === 'List' && Array.isArray(doc.items)) {
    const items = doc.items.map((item) => validate(item, source));
    const bad = items.find((i): i is string => typeof i === 'string');
    return bad ?? items.flat().filter((i): i is JsonMap => typeof i !== 'string');
  }
  const missing = [typeof doc.apiVersion === 'string' && doc.apiVersion ? '' : 'apiVersion not set', typeof doc.kind === 'string' && doc.kind ? '' : 'kind not set'].filter((m) => m);
  if (missing.length > 0) return `error validating "${source}": error validating data: [${missing.join(', ')}]`;
  return [doc];
}

function parseJson(text: string, source: string): unknown[] | string {
  if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) return `error parsing "${source}": the document is larger than 3 MiB`;
  try {
    return [JSON.parse(text) as unknown];
  } catch (err) {
    return `error parsing "${source}": ${err instanceof Error ? err.message : String(err)}`;
  }
}

function parseYaml(text: string, source: string): unknown[] | string {
  const out: unknown[] = [];
  let index = 0;
  for (const doc of parseAllDocuments(text)) {
    index++;
    const [start, , end] = doc.range;
    if (end - start > MAX_DOCUMENT_BYTES) return `error parsing "${source}": document ${index} is larger than 3 MiB`;
    const firstError = doc.errors[0];
    if (firstError) return `error parsing "${source}": error converting YAML to JSON: ${firstError.message}`;
    try {
      out.push(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
    } catch (err) {
      return `error parsing "${source}": ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return out;
}

/** Parses one source's text into objects; a string result is the error message. */
export function parseManifestText(text: string, source: string): JsonMap[] | string {
  const docs = text.trimStart().startsWith('{') ? parseJson(text, source) : parseYaml(text, source);
  if (typeof docs === 'string') return docs;
  const objects: JsonMap[] = [];
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue; // an empty document ("---" at the end)
    const valid = validate(doc, source);
    if (typeof valid === 'string') return valid;
    objects.push(...valid);
  }
  return objects;
}

async function expandPath(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new Error(`the path "${path}" does not exist`);
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && MANIFEST_FILE.test(e.name)).map((e) => join(path, e.name)).sort();
}

async function readSource(path: string): Promise<string> {
  const info = await stat(path);
  if (info.size > MAX_FILE_BYTES) throw new Error(`the file "${path}" is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
  return readFile(path, 'utf8');
}

/** Reads every `-f` argument in order. Never throws for bad input: failures land in `errors`. */
export async function loadManifests(paths: readonly string[], readStdin: () => Promise<string>): Promise<ManifestSet> {
  const set: ManifestSet = { manifests: [], errors: [] };
  for (const path of paths) {
    try {
      const files = path === '-' ? ['-'] : await expandPath(path);
      for (const file of files) {
        const source = file === '-' ? 'STDIN' : file;
        const parsed = parseManifestText(file === '-' ? await readStdin() : await readSource(file), source);
        if (typeof parsed === 'string') set.errors.push(parsed);
        else set.manifests.push(...parsed.map((object) => ({ source, object })));
      }
    } catch (err) {
      set.errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  return set;
}
