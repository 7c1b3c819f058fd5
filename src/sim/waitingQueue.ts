/**
 * The queue of requests waiting for KV memory, with O(log n) "first request in
 * queue order whose reservation is at most F" queries.
 *
 * Queue positions are slots of a min segment tree over reservations. Arrivals
 * take back slots in arrival order. Preempted requests take front slots, which
 * are allocated downwards from the boundary, so a later preemption is ahead of
 * an earlier one. The caller sizes the front region for every preemption that
 * can happen (under S3 that number is known before the run starts).
 */
import { SimulationError } from './errors.ts';

const EMPTY = Number.POSITIVE_INFINITY;

export class WaitingQueue {
  private readonly leafCount: number;
  /** Minimum reservation under each node. Leaves start at index `leafCount`. */
  private readonly tree: Float64Array;
  private readonly requestAt: Int32Array;
  private frontCursor: number;
  private backCursor: number;
  private readonly slotCount: number;
  size = 0;

  constructor(frontSlots: number, backSlots: number) {
    this.slotCount = frontSlots + backSlots;
    let leafCount = 1;
    while (leafCount < this.slotCount) leafCount *= 2;
    this.leafCount = leafCount;
    this.tree = new Float64Array(2 * leafCount).fill(EMPTY);
    this.requestAt = new Int32Array(this.slotCount).fill(-1);
    this.frontCursor = frontSlots;
    this.backCursor = frontSlots;
  }

  /** Appends a request behind every waiting one. */
  pushBack(request: number, reservationTokens: number): void {
    if (this.backCursor >= this.slotCount) {
      throw new SimulationError('internal', `waiting queue has no back slot left for request index ${request}`);
    }
    this.place(this.backCursor, request, reservationTokens);
    this.backCursor += 1;
  }

  /**
   * Puts `requests` ahead of every waiting one, keeping their order, so `requests[0]`
   * becomes the head. `reservationTokens` is indexed by request index.
   */
  pushFront(requests: ArrayLike<number>, reservationTokens: ArrayLike<number>): void {
    const count = requests.length;
    if (count > this.frontCursor) {
      throw new SimulationError('internal', `waiting queue has ${this.frontCursor} front slots left, needs ${count}`);
    }
    this.frontCursor -= count;
    for (let i = 0; i < count; i += 1) {
      const request = requests[i]!;
      this.place(this.frontCursor + i, request, reservationTokens[request]!);
    }
  }

  /** Returns the position of the first waiting request whose reservation is at most `limit`, or -1. */
  firstAtMost(limit: number): number {
    const tree = this.tree;
    if (!(tree[1]! <= limit)) return -1;
    let node = 1;
    while (node < this.leafCount) {
      node *= 2;
      if (!(tree[node]! <= limit)) node += 1;
    }
    return node - this.leafCount;
  }

  /** Returns the position of the head of the queue, or -1 when it is empty. */
  head(): number {
    return this.firstAtMost(Number.MAX_VALUE);
  }

  reservationAt(position: number): number {
    return this.tree[this.leafCount + position]!;
  }

  /** Removes the request at `position` and returns its index. */
  take(position: number): number {
    const request = this.requestAt[position]!;
    this.requestAt[position] = -1;
    this.setLeaf(position, EMPTY);
    this.size -= 1;
    return request;
  }

  private place(position: number, request: number, reservationTokens: number): void {
    this.requestAt[position] = request;
    this.setLeaf(position, reservationTokens);
    this.size += 1;
  }

  private setLeaf(position: number, value: number): void {
    const tree = this.tree;
    let node = this.leafCount + position;
    tree[node] = value;
    node >>= 1;
    while (node >= 1) {
      const left = tree[2 * node]!;
      const right = tree[2 * node + 1]!;
      const smaller = left < right ? left : right;
      if (tree[node] === smaller) break;
      tree[node] = smaller;
      node >>= 1;
    }
  }
}
