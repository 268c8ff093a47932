import { describe, expect, it } from 'vitest';
import { tabwrite } from '../../../cli/describe/tabwriter.js';
import { DescribeWriter } from '../../../cli/describe/writer.js';

describe('tabwrite (Go text/tabwriter, padding 2)', () => {
  it.each([
    { scenario: 'one block aligns on the widest first cell', text: 'Name:\tweb\nNamespace:\tdefault\n', want: 'Name:       web\nNamespace:  default\n' },
    { scenario: 'a line without tabs ends the block', text: 'Name:\tweb\nContainers:\n  image:\tnginx\n  Restart Count:\t0\n', want: 'Name:  web\nContainers:\n  image:          nginx\n  Restart Count:  0\n' },
    { scenario: 'inner columns get their own blocks', text: 'T\tStatus\tR\nReady\tTrue\tOk\nX:\tv\n', want: 'T      Status  R\nReady  True    Ok\nX:     v\n' },
    { scenario: 'the last cell is never padded', text: 'a\tb\t\n', want: 'a  b\n' },
  ])('$scenario', ({ text, want }) => {
    expect(tabwrite(text)).toBe(want);
  });
});

describe('DescribeWriter', () => {
  it('indents by level, lists maps sorted on continuation lines and hides last-applied', () => {
    const w = new DescribeWriter();
    w.line(0, 'Name:', 'web');
    w.map(0, 'Labels', { tier: 'front', app: 'web' });
    w.map(0, 'Annotations', { 'kubectl.kubernetes.io/last-applied-configuration': '{}', note: 'hi' }, ': ');
    w.table(0, 'Events', ['Type', 'Reason'], []);
    expect(w.toString()).toBe('Name:         web\nLabels:       app=web\n              tier=front\nAnnotations:  note: hi\nEvents:       <none>\n');
  });
});
