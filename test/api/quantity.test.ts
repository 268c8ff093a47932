import { describe, expect, it } from 'vitest';
import { cpuMillis, formatBytes, formatMillis, isQuantity, memoryBytes, parseQuantity } from '../../api/quantity.js';

describe('parseQuantity', () => {
  it.each([
    { scenario: 'millicores', q: '500m', value: 0.5 },
    { scenario: 'decimal fraction', q: '0.5', value: 0.5 },
    { scenario: 'leading dot', q: '.5', value: 0.5 },
    { scenario: 'plain integer', q: '2', value: 2 },
    { scenario: 'explicit plus sign', q: '+2', value: 2 },
    { scenario: 'binary Ki', q: '1Ki', value: 1024 },
    { scenario: 'binary Mi', q: '128Mi', value: 128 * 2 ** 20 },
    { scenario: 'binary Gi', q: '2Gi', value: 2 * 2 ** 30 },
    { scenario: 'decimal k', q: '1k', value: 1000 },
    { scenario: 'decimal M', q: '1M', value: 1e6 },
    { scenario: 'decimal G', q: '1G', value: 1e9 },
    { scenario: 'decimal E (exa) as a suffix', q: '1E', value: 1e18 },
    { scenario: 'exponent e', q: '1e3', value: 1000 },
    { scenario: 'exponent E (not exa when digits follow)', q: '1E3', value: 1000 },
    { scenario: 'negative exponent', q: '1e-3', value: 0.001 },
    { scenario: 'nano', q: '100n', value: 1e-7 },
    { scenario: 'number input', q: 1e3, value: 1000 },
  ])('$scenario: $q -> $value', ({ q, value }) => {
    expect(parseQuantity(q)).toBeCloseTo(value, 12);
  });

  it.each([
    { scenario: 'empty', q: '' },
    { scenario: 'letters only', q: 'abc' },
    { scenario: 'unknown suffix', q: '12XB' },
    { scenario: 'byte suffix spelled out', q: '1KiB' },
    { scenario: 'upper-case K (Kubernetes only has k)', q: '1K' },
    { scenario: 'lower-case mi', q: '1mi' },
    { scenario: 'suffix without number', q: 'Mi' },
    { scenario: 'space inside', q: '1 Gi' },
    { scenario: 'two dots', q: '1.2.3' },
    { scenario: 'dangling exponent', q: '1e' },
    { scenario: 'double sign', q: '--1' },
    { scenario: 'NaN string', q: 'NaN' },
    { scenario: 'Infinity string', q: 'Infinity' },
    { scenario: 'non-finite number', q: Number.POSITIVE_INFINITY },
    { scenario: 'NaN number', q: Number.NaN },
    { scenario: 'an exponent that overflows to Infinity', q: '1e999' },
    { scenario: 'beyond 63 bits (cpuMillis would overflow)', q: '1e308' },
    { scenario: 'a number beyond 63 bits', q: 1e300 },
  ])('$scenario ($q) throws', ({ q }) => {
    expect(() => parseQuantity(q)).toThrow();
    expect(isQuantity(q)).toBe(false);
  });

  it.each([
    { q: '100m', ok: true }, { q: 3, ok: true }, { q: null, ok: false }, { q: {}, ok: false }, { q: ['1'], ok: false },
  ])('isQuantity($q) = $ok', ({ q, ok }) => {
    expect(isQuantity(q)).toBe(ok);
  });
});

describe('cpuMillis', () => {
  it.each([
    { q: '500m', millis: 500 },
    { q: '0.5', millis: 500 },
    { q: '2', millis: 2000 },
    { q: 2, millis: 2000 },
    { q: '0', millis: 0 }, // Math.ceil(-1e-9) is -0: must come back as 0
    { q: '0.1', millis: 100 }, // 0.1 * 1000 is 100.00000000000001 in floating point: must not round up to 101
    { q: '0.3', millis: 300 },
    { q: '1e3', millis: 1_000_000 },
    { q: '1.5m', millis: 2 }, // Kubernetes rounds sub-milli values up (MilliValue)
    { q: '100n', millis: 1 },
    { q: '1k', millis: 1_000_000 },
  ])('$q -> $millis', ({ q, millis }) => {
    expect(cpuMillis(q)).toBe(millis);
  });
});

describe('memoryBytes', () => {
  it.each([
    { q: '128Mi', bytes: 134_217_728 },
    { q: '1G', bytes: 1_000_000_000 },
    { q: '1Gi', bytes: 1_073_741_824 },
    { q: '1.5Ki', bytes: 1536 },
    { q: '1e3', bytes: 1000 },
    { q: '2', bytes: 2 },
    { q: '0.5', bytes: 1 }, // fractions of a byte round up (Quantity.Value)
    { q: '1500m', bytes: 2 },
    { q: '0.1Gi', bytes: 107_374_183 }, // 107374182.4 rounds up
    { q: 64, bytes: 64 },
    { q: '0', bytes: 0 },
  ])('$q -> $bytes', ({ q, bytes }) => {
    expect(memoryBytes(q)).toBe(bytes);
  });
});

describe('formatting', () => {
  it.each([
    { bytes: 134_217_728, text: '128Mi' },
    { bytes: 2 ** 30, text: '1Gi' },
    { bytes: 1536, text: '1536' }, // 1.5Ki does not divide evenly
    { bytes: 1024, text: '1Ki' },
    { bytes: 1000, text: '1000' },
    { bytes: 0, text: '0' },
  ])('formatBytes($bytes) = $text', ({ bytes, text }) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it.each([
    { millis: 2000, text: '2' },
    { millis: 250, text: '250m' },
    { millis: 1500, text: '1500m' },
    { millis: 0, text: '0' },
  ])('formatMillis($millis) = $text', ({ millis, text }) => {
    expect(formatMillis(millis)).toBe(text);
  });

  it.each(['250m', '2', '1500m'])('cpu %s survives a parse/format round trip', (q) => {
    expect(formatMillis(cpuMillis(q))).toBe(q);
  });
});
