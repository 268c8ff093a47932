import { describe, expect, it } from 'vitest';
import { ageSince, goDurationMs, humanDuration } from '../../api/duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (apimachinery HumanDuration)', () => {
  it.each([
    { scenario: 'more than 1 s in the future is invalid', ms: -5 * S, want: '<invalid>' },
    { scenario: 'up to 2 s in the future is clock skew', ms: -1500, want: '0s' },
    { scenario: 'now', ms: 0, want: '0s' },
    { scenario: 'sub-second truncates', ms: 999, want: '0s' },
    { scenario: 'seconds', ms: 59 * S, want: '59s' },
    { scenario: 'seconds up to 2 minutes', ms: 119 * S, want: '119s' },
    { scenario: '2 minutes exactly', ms: 2 * M, want: '2m' },
    { scenario: 'minutes and seconds under 10 m', ms: 2 * M + 30 * S, want: '2m30s' },
    { scenario: 'whole minutes from 10 m', ms: 10 * M + 59 * S, want: '10m' },
    { scenario: 'minutes up to 3 h', ms: 179 * M, want: '179m' },
    { scenario: '3 h exactly', ms: 3 * H, want: '3h' },
    { scenario: 'hours and minutes under 8 h', ms: 3 * H + 5 * M, want: '3h5m' },
    { scenario: 'whole hours from 8 h', ms: 8 * H + 59 * M, want: '8h' },
    { scenario: 'hours up to 2 days', ms: 30 * H, want: '30h' },
    { scenario: '2 days exactly', ms: 2 * D, want: '2d' },
    { scenario: 'days and hours under 8 d', ms: 3 * D + H, want: '3d1h' },
    { scenario: 'whole days from 8 d', ms: 8 * D + 23 * H, want: '8d' },
    { scenario: 'days up to 2 years', ms: 30 * D, want: '30d' },
    { scenario: 'years and days under 8 y', ms: (2 * 365 + 10) * D, want: '2y10d' },
    { scenario: 'whole years at a year boundary', ms: 3 * 365 * D, want: '3y' },
    { scenario: 'whole years from 8 y', ms: (9 * 365 + 100) * D, want: '9y' },
  ])('$scenario: $ms ms -> $want', ({ ms, want }) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('ageSince', () => {
  const now = new Date('2024-01-02T00:00:00Z');
  it.each([
    { scenario: 'no timestamp', ts: undefined, want: '<unknown>' },
    { scenario: 'empty timestamp', ts: '', want: '<unknown>' },
    { scenario: 'unparseable timestamp', ts: 'yesterday', want: '<unknown>' },
    { scenario: 'a day and a half ago', ts: '2023-12-31T12:00:00Z', want: '36h' },
    { scenario: '90 s ago', ts: '2024-01-01T23:58:30Z', want: '90s' },
    { scenario: 'an hour in the future', ts: '2024-01-02T01:00:00Z', want: '<invalid>' },
  ])('$scenario -> $want', ({ ts, want }) => {
    expect(ageSince(ts, now)).toBe(want);
  });
});

describe('goDurationMs', () => {
  it.each([
    ['32s', 32_000], ['1m30s', 90_000], ['1h30m', 5_400_000], ['500ms', 500], ['1.5s', 1500], ['0', 0], ['2h0m0s', 7_200_000], ['250us', 0.25],
    ['', undefined], ['5', undefined], ['5x', undefined], ['s', undefined], ['1s ', undefined], ['-1s', undefined],
  ])('%j -> %j', (text, ms) => {
    expect(goDurationMs(text)).toBe(ms);
  });
});
