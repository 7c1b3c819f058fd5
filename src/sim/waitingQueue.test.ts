import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WaitingQueue } from './waitingQueue.ts';

describe('WaitingQueue', () => {
  it('finds the first request that fits in queue order', () => {
    const queue = new WaitingQueue(0, 4);
    const reservations = [500, 100, 300, 50];
    reservations.forEach((reservation, request) => queue.pushBack(request, reservation));
    expect(queue.firstAtMost(40)).toBe(-1);
    expect(queue.take(queue.firstAtMost(350))).toBe(1);
    expect(queue.take(queue.firstAtMost(350))).toBe(2);
    expect(queue.take(queue.firstAtMost(350))).toBe(3);
    expect(queue.firstAtMost(350)).toBe(-1);
    expect(queue.take(queue.head())).toBe(0);
    expect(queue.size).toBe(0);
    expect(queue.head()).toBe(-1);
  });

  it('puts requeued requests ahead in the given order', () => {
    const reservations = new Int32Array([10, 20, 30, 40]);
    const queue = new WaitingQueue(3, 2);
    queue.pushBack(0, 10);
    queue.pushFront([2, 1], reservations);
    queue.pushFront([3], reservations);
    const order: number[] = [];
    while (queue.size > 0) order.push(queue.take(queue.head()));
    expect(order).toEqual([3, 2, 1, 0]);
  });

  it('grows its front region when preemptions outnumber its front slots', () => {
    const sizes = new Int32Array([5, 6, 7, 8]);
    const queue = new WaitingQueue(1, 4);
    queue.pushBack(3, 8);
    queue.pushFront([0, 1], sizes);
    queue.pushFront([2], sizes);
    expect(queue.size).toBe(4);
    const order: number[] = [];
    while (queue.size > 0) order.push(queue.take(queue.head()));
    expect(order).toEqual([2, 0, 1, 3]);
  });

  it('orders the main region by rank', () => {
    const ranks = new Int32Array([2, 0, 1]);
    const queue = new WaitingQueue(0, 3, { ranks });
    queue.pushBack(0, 10);
    queue.pushBack(1, 30);
    queue.pushBack(2, 20);
    expect(queue.take(queue.head())).toBe(1);
    expect(queue.take(queue.firstAtMost(25))).toBe(2);
    expect(queue.take(queue.head())).toBe(0);
  });

  it('puts promoted requests behind preempted ones and ahead of the main region', () => {
    const ranks = new Int32Array([0, 1, 2, 3]);
    const queue = new WaitingQueue(1, 4, { ranks, promotedSlots: 4 });
    for (const request of [0, 1, 2]) queue.pushBack(request, 10);
    expect(queue.promote(2)).toBe(true);
    expect(queue.promote(1)).toBe(true);
    expect(queue.promote(1)).toBe(false);
    queue.pushFront([3], new Int32Array([0, 0, 0, 10]));
    const order: number[] = [];
    while (queue.size > 0) order.push(queue.take(queue.head()));
    expect(order).toEqual([3, 2, 1, 0]);
  });

  it('matches a linear scan on random operations with ranks, promotions and growth', () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('back' as const), size: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ kind: fc.constant('front' as const), size: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ kind: fc.constant('promote' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('take' as const), limit: fc.integer({ min: 0, max: 120 }) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 80 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (operations, seed) => {
        const count = operations.length;
        // A random permutation of main slots, so that main order is not insertion order.
        const ranks = Int32Array.from({ length: count }, (_, index) => index);
        let state = seed;
        for (let i = count - 1; i > 0; i -= 1) {
          state = (Math.imul(state, 1103515245) + 12345) >>> 0;
          const j = state % (i + 1);
          [ranks[i], ranks[j]] = [ranks[j]!, ranks[i]!];
        }
        const queue = new WaitingQueue(1, count, { ranks, promotedSlots: count });
        const sizes = new Int32Array(count);
        let front: number[] = [];
        const promoted: number[] = [];
        let main: number[] = [];
        const model = (): number[] => [...front, ...promoted, ...main];
        operations.forEach((op, request) => {
          if (op.kind === 'take') {
            const expected = model().find((entry) => sizes[entry]! <= op.limit);
            const position = queue.firstAtMost(op.limit);
            if (expected === undefined) {
              expect(position).toBe(-1);
              return;
            }
            expect(queue.take(position)).toBe(expected);
            front = front.filter((entry) => entry !== expected);
            main = main.filter((entry) => entry !== expected);
            promoted.splice(promoted.indexOf(expected), promoted.includes(expected) ? 1 : 0);
            return;
          }
          if (op.kind === 'promote') {
            const candidate = main[op.pick % Math.max(1, main.length)];
            if (candidate === undefined) return;
            expect(queue.promote(candidate)).toBe(true);
            main = main.filter((entry) => entry !== candidate);
            promoted.push(candidate);
            return;
          }
          sizes[request] = op.size;
          if (op.kind === 'back') {
            queue.pushBack(request, op.size);
            main = [...main, request].sort((a, b) => ranks[a]! - ranks[b]!);
          } else {
            queue.pushFront([request], sizes);
            front = [request, ...front];
          }
          expect(queue.size).toBe(model().length);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('matches a linear scan on random operations', () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('back' as const), reservation: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ kind: fc.constant('front' as const), reservation: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ kind: fc.constant('take' as const), limit: fc.integer({ min: 0, max: 120 }) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 80 }), (operations) => {
        const queue = new WaitingQueue(operations.length, operations.length);
        const reservations = new Int32Array(operations.length);
        const model: Array<{ request: number; reservation: number }> = [];
        operations.forEach((op, request) => {
          if (op.kind === 'take') {
            const expected = model.findIndex((entry) => entry.reservation <= op.limit);
            const position = queue.firstAtMost(op.limit);
            if (expected < 0) {
              expect(position).toBe(-1);
              return;
            }
            expect(queue.take(position)).toBe(model[expected]!.request);
            model.splice(expected, 1);
            return;
          }
          reservations[request] = op.reservation;
          if (op.kind === 'back') {
            queue.pushBack(request, op.reservation);
            model.push({ request, reservation: op.reservation });
          } else {
            queue.pushFront([request], reservations);
            model.unshift({ request, reservation: op.reservation });
          }
          expect(queue.size).toBe(model.length);
        });
      }),
      { numRuns: 300 },
    );
  });
});
