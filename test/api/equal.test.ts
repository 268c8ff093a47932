import { describe, expect, it } from 'vitest';
import { deepEqual } from '../../api/equal.js';

describe('deepEqual', () => {
  it.each([
    { scenario: 'same scalars', a: 1, b: 1, equal: true },
    { scenario: 'different scalars', a: 1, b: '1', equal: false },
    { scenario: 'null vs object', a: null, b: {}, equal: false },
    { scenario: 'keys in another order', a: { x: 1, y: { p: [1, 2], q: 'a' } }, b: { y: { q: 'a', p: [1, 2] }, x: 1 }, equal: true },
    { scenario: 'list order matters', a: [1, 2], b: [2, 1], equal: false },
    { scenario: 'an undefined-valued key counts as absent', a: { x: 1, y: undefined }, b: { x: 1 }, equal: true },
    { scenario: 'a missing key', a: { x: 1, y: 2 }, b: { x: 1 }, equal: false },
    { scenario: 'same key count, other keys', a: { x: 1 }, b: { y: 1 }, equal: false },
    { scenario: 'array vs object with index keys', a: [1], b: { 0: 1 }, equal: false },
    { scenario: 'nested difference', a: { a: { b: { c: 1 } } }, b: { a: { b: { c: 2 } } }, equal: false },
  ])('$scenario', ({ a, b, equal }) => {
    expect(deepEqual(a, b)).toBe(equal);
    expect(deepEqual(b, a)).toBe(equal);
  });
});
