import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, parseManifestText } from '../../../cli/apply/manifests.js';

describe('parseManifestText', () => {
  it.each([
    { scenario: 'several YAML documents, empty ones skipped', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n', names: ['a', 'b'] },
    { scenario: 'a kind: List is flattened', text: 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: p}}\n- {apiVersion: v1, kind: Pod, metadata: {name: q}}\n', names: ['p', 'q'] },
    { scenario: 'JSON', text: '{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"}}', names: ['s'] },
    { scenario: 'a document of comments only', text: '# nothing here\n', names: [] },
  ])('$scenario', ({ text, names }) => {
    const parsed = parseManifestText(text, 'f.yaml');
    expect(Array.isArray(parsed) ? parsed.map((o) => (o.metadata as { name: string }).name) : parsed).toEqual(names);
  });

  it.each([
    { scenario: 'a billion-laughs alias bomb', text: billionLaughs(), error: /error parsing "f.yaml": .*alias/i },
    { scenario: 'a document over 3 MiB', text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  x: "${'a'.repeat(MAX_DOCUMENT_BYTES)}"\n`, error: /document 1 is larger than 3 MiB/ },
    { scenario: 'a JSON document over 3 MiB', text: `{"kind":"ConfigMap","pad":"${'a'.repeat(MAX_DOCUMENT_BYTES)}"}`, error: /larger than 3 MiB/ },
    { scenario: 'a duplicate key', text: 'apiVersion: v1\nkind: Pod\nkind: Pod\n', error: /error parsing "f.yaml": error converting YAML to JSON: .*unique/i },
    { scenario: 'a scalar document', text: 'just a string\n', error: /the object is not a map/ },
    { scenario: 'missing apiVersion and kind', text: 'metadata: {name: x}\n', error: /\[apiVersion not set, kind not set\]/ },
  ])('refuses $scenario', ({ text, error }) => {
    const parsed = parseManifestText(text, 'f.yaml');
    expect(typeof parsed).toBe('string');
    expect(parsed).toMatch(error);
  });
});

/** Nine levels of ten aliases each: 10^9 strings if expanded. */
function billionLaughs(): string {
  const lines = ['a0: &a0 "lol"'];
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\nkind: ConfigMap\napiVersion: v1\n`;
}
