/**
 * The queue of requests waiting for KV memory, with O(log n) "first request in
 * queue order whose size is at most F" queries.
 *
 * Queue positions are slots of a min segment tree over request sizes (tokens or
 * blocks, as the caller decides). The slots form three regions, in queue order:
 *
 * 1. Front: preempted requests. They are placed downwards from the region's end, so
 *    a later preemption is ahead of an earlier one. The region doubles when full.
 * 2. Promoted: requests moved out of the main region by `promote`, in promotion order.
 * 3. Main: new arrivals. Without ranks, each takes the next slot, so the order is
 *    arrival order. With ranks, request i takes slot `ranks[i]`, so the order is
 *    whatever order the caller ranked the requests in (shortest job, largest size).
 */
import { SimulationError } from './errors.ts';

const EMPTY = Number.POSITIVE_INFINITY;
/** Front slots added at least when the front region grows. */
const MIN_FRONT_GROWTH = 64;

export interface WaitingQueueOptions {
  /** Main-region slot of each request index, a permutation of 0..backSlots-1. Arrival order when absent. */
  readonly ranks?: ArrayLike<number>;
  /** Slots of the promoted region: at most one per request. */
  readonly promotedSlots?: number;
}

export class WaitingQueue {
  private leafCount = 1;
  /** Minimum size under each node. Leaves start at index `leafCount`. */
  private tree: Float64Array;
  private requestAt: Int32Array;
  private frontSlots: number;
  private readonly promotedSlots: number;
  private readonly backSlots: number;
  private readonly ranks: ArrayLike<number> | undefined;
  private frontCursor: number;
  /** Next free slot of the promoted region, relative to its start. */
  private promotedCursor = 0;
  /** Next free slot of the main region when there are no ranks, relative to its start. */
  private backCursor = 0;
  size = 0;

  /** `frontSlots` is a first guess: the front region grows when preemptions outnumber it. */
  constructor(frontSlots: number, backSlots: number, options: WaitingQueueOptions = {}) {
    this.frontSlots = frontSlots;
    this.promotedSlots = options.promotedSlots ?? 0;
    this.backSlots = backSlots;
    this.ranks = options.ranks;
    this.frontCursor = frontSlots;
    const slotCount = this.slotCount();
    while (this.leafCount < slotCount) this.leafCount *= 2;
    this.tree = new Float64Array(2 * this.leafCount).fill(EMPTY);
    this.requestAt = new Int32Array(slotCount).fill(-1);
  }

  /** Places a request in the main region: at its rank when ranks were given, else behind every waiting request. */
  pushBack(request: number, size: number): void {
    let offset: number;
    if (this.ranks !== undefined) {
      offset = this.ranks[request]!;
    } else {
      offset = this.backCursor;
      this.backCursor += 1;
    }
    if (!(offset >= 0 && offset < this.backSlots)) {
      throw new SimulationError('internal', `waiting queue has no main slot ${offset} for request index ${request}`);
    }
    this.place(this.mainStart() + offset, request, size);
  }

  /**
   * Puts `requests` ahead of every waiting one, keeping their order, so `requests[0]`
   * becomes the head. `sizes` is indexed by request index.
   */
  pushFront(requests: ArrayLike<number>, sizes: ArrayLike<number>): void {
    const count = requests.length;
    if (count > this.frontCursor) this.growFront(count - this.frontCursor);
    this.frontCursor -= count;
    for (let i = 0; i < count; i += 1) {
      const request = requests[i]!;
      this.place(this.frontCursor + i, request, sizes[request]!);
    }
  }

  /**
   * Moves a request from the main region behind the requests promoted before it.
   * Returns false when the request is not in the main region.
   */
  promote(request: number): boolean {
    if (this.ranks === undefined) {
      throw new SimulationError('internal', 'promote needs a queue built with ranks');
    }
    const position = this.mainStart() + this.ranks[request]!;
    if (this.requestAt[position] !== request) return false;
    if (this.promotedCursor >= this.promotedSlots) {
      throw new SimulationError('internal', `waiting queue has no promoted slot left for request index ${request}`);
    }
    const size = this.sizeAt(position);
    this.take(position);
    this.place(this.frontSlots + this.promotedCursor, request, size);
    this.promotedCursor += 1;
    return true;
  }

  /** Returns the position of the first waiting request whose size is at most `limit`, or -1. */
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

  sizeAt(position: number): number {
    return this.tree[this.leafCount + position]!;
  }

  /** Kept under its old name for callers that think of sizes as reservations. */
  reservationAt(position: number): number {
    return this.sizeAt(position);
  }

  /** Returns the index of the request at `position` without removing it. */
  requestIndexAt(position: number): number {
    return this.requestAt[position]!;
  }

  /** Removes the request at `position` and returns its index. */
  take(position: number): number {
    const request = this.requestAt[position]!;
    this.requestAt[position] = -1;
    this.setLeaf(position, EMPTY);
    this.size -= 1;
    return request;
  }

  private slotCount(): number {
    return this.frontSlots + this.promotedSlots + this.backSlots;
  }

  private mainStart(): number {
    return this.frontSlots + this.promotedSlots;
  }

  private place(position: number, request: number, size: number): void {
    this.requestAt[position] = request;
    this.setLeaf(position, size);
    this.size += 1;
  }

  /** Adds at least `needed` front slots by rebuilding the tree with every slot shifted back. */
  private growFront(needed: number): void {
    const added = Math.max(needed, this.frontSlots, MIN_FRONT_GROWTH);
    const oldLeafCount = this.leafCount;
    const oldTree = this.tree;
    const oldRequestAt = this.requestAt;
    this.frontSlots += added;
    this.frontCursor += added;
    const slotCount = this.slotCount();
    while (this.leafCount < slotCount) this.leafCount *= 2;
    this.tree = new Float64Array(2 * this.leafCount).fill(EMPTY);
    this.requestAt = new Int32Array(slotCount).fill(-1);
    this.requestAt.set(oldRequestAt, added);
    for (let position = 0; position < oldRequestAt.length; position += 1) {
      this.tree[this.leafCount + position + added] = oldTree[oldLeafCount + position]!;
    }
    for (let node = this.leafCount - 1; node >= 1; node -= 1) {
      const left = this.tree[2 * node]!;
      const right = this.tree[2 * node + 1]!;
      this.tree[node] = left < right ? left : right;
    }
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
