import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventHeap } from './eventHeap.ts';

describe('EventHeap', () => {
  it('returns Infinity when empty', () => {
    expect(new EventHeap().peekKey()).toBe(Number.POSITIVE_INFINITY);
  });

  it('pops entries in (key, tiebreak) order while growing past its first capacity', () => {
    const entry = fc.record({ key: fc.integer({ min: 0, max: 50 }), tiebreak: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 200 }), (entries) => {
        const heap = new EventHeap(2);
        entries.forEach((item, request) => heap.push(item.key, item.tiebreak, request, request * 3));
        const popped: Array<[number, number]> = [];
        while (heap.size > 0) {
          const request = heap.peekRequest();
          expect(heap.peekVersion()).toBe(request * 3);
          popped.push([heap.peekKey(), entries[request]!.tiebreak]);
          heap.pop();
        }
        const expected = entries.map((item) => [item.key, item.tiebreak]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
        expect(popped).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
