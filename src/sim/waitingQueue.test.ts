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

  it('rejects more front insertions than its front slots', () => {
    const queue = new WaitingQueue(1, 1);
    expect(() => queue.pushFront([0, 1], new Int32Array([1, 1]))).toThrow(/1 front slots left, needs 2/);
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
