/**
 * Min-heap of the next event of each running request, ordered by (key, tiebreak).
 * The engine keys an event by the iteration at whose end it happens and breaks ties
 * by request id, so the order is deterministic. Entries carry a version: the engine
 * bumps a request's version to cancel its pending event, and skips an entry whose
 * version is stale when it reaches the top.
 */
export class EventHeap {
  private keys: Float64Array;
  private tiebreaks: Float64Array;
  private requests: Int32Array;
  private versions: Int32Array;
  size = 0;

  constructor(initialCapacity = 64) {
    const capacity = Math.max(1, initialCapacity);
    this.keys = new Float64Array(capacity);
    this.tiebreaks = new Float64Array(capacity);
    this.requests = new Int32Array(capacity);
    this.versions = new Int32Array(capacity);
  }

  push(key: number, tiebreak: number, request: number, version: number): void {
    if (this.size === this.keys.length) this.grow();
    let index = this.size;
    this.size += 1;
    // Sift up: move parents down until the new entry's place is found.
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.less(key, tiebreak, this.keys[parent]!, this.tiebreaks[parent]!)) break;
      this.copy(parent, index);
      index = parent;
    }
    this.keys[index] = key;
    this.tiebreaks[index] = tiebreak;
    this.requests[index] = request;
    this.versions[index] = version;
  }

  /** Key of the smallest entry, or Infinity when the heap is empty. */
  peekKey(): number {
    return this.size > 0 ? this.keys[0]! : Number.POSITIVE_INFINITY;
  }

  peekRequest(): number {
    return this.requests[0]!;
  }

  peekVersion(): number {
    return this.versions[0]!;
  }

  /** Removes the smallest entry. Read it with the `peek` methods first. */
  pop(): void {
    this.size -= 1;
    const last = this.size;
    if (last === 0) return;
    const key = this.keys[last]!;
    const tiebreak = this.tiebreaks[last]!;
    const request = this.requests[last]!;
    const version = this.versions[last]!;
    let index = 0;
    // Sift down: move the smaller child up until the last entry's place is found.
    for (;;) {
      let child = 2 * index + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && this.less(this.keys[right]!, this.tiebreaks[right]!, this.keys[child]!, this.tiebreaks[child]!)) {
        child = right;
      }
      if (!this.less(this.keys[child]!, this.tiebreaks[child]!, key, tiebreak)) break;
      this.copy(child, index);
      index = child;
    }
    this.keys[index] = key;
    this.tiebreaks[index] = tiebreak;
    this.requests[index] = request;
    this.versions[index] = version;
  }

  private less(keyA: number, tiebreakA: number, keyB: number, tiebreakB: number): boolean {
    return keyA < keyB || (keyA === keyB && tiebreakA < tiebreakB);
  }

  private copy(from: number, to: number): void {
    this.keys[to] = this.keys[from]!;
    this.tiebreaks[to] = this.tiebreaks[from]!;
    this.requests[to] = this.requests[from]!;
    this.versions[to] = this.versions[from]!;
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity);
    const tiebreaks = new Float64Array(capacity);
    const requests = new Int32Array(capacity);
    const versions = new Int32Array(capacity);
    keys.set(this.keys);
    tiebreaks.set(this.tiebreaks);
    requests.set(this.requests);
    versions.set(this.versions);
    this.keys = keys;
    this.tiebreaks = tiebreaks;
    this.requests = requests;
    this.versions = versions;
  }
}
