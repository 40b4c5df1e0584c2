/**
 * Binary min-heap over keys 0..n-1 whose values can change, as the generic linkage algorithm
 * uses it. The exact sift rules matter: with equal values they decide which pair merges first.
 */
export class KeyedMinHeap {
  private readonly values: Float64Array;
  private readonly keyAt: Int32Array;
  private readonly indexOf: Int32Array;
  private size: number;

  constructor(initial: Float64Array) {
    this.size = initial.length;
    this.values = Float64Array.from(initial);
    this.keyAt = new Int32Array(this.size).map((_, i) => i);
    this.indexOf = new Int32Array(this.size).map((_, i) => i);
    for (let i = Math.floor(this.size / 2) - 1; i >= 0; i--) this.siftDown(i);
  }

  minKey(): number {
    return this.keyAt[0];
  }

  minValue(): number {
    return this.values[0];
  }

  removeMin(): void {
    this.swap(0, this.size - 1);
    this.size--;
    this.siftDown(0);
  }

  change(key: number, value: number): void {
    const index = this.indexOf[key];
    const old = this.values[index];
    this.values[index] = value;
    if (value < old) this.siftUp(index);
    else this.siftDown(index);
  }

  private siftUp(index: number): void {
    let parent = (index - 1) >> 1;
    while (index > 0 && this.values[parent] > this.values[index]) {
      this.swap(index, parent);
      index = parent;
      parent = (index - 1) >> 1;
    }
  }

  private siftDown(index: number): void {
    let child = 2 * index + 1;
    while (child < this.size) {
      if (child + 1 < this.size && this.values[child + 1] < this.values[child]) child++;
      if (!(this.values[index] > this.values[child])) break;
      this.swap(index, child);
      index = child;
      child = 2 * index + 1;
    }
  }

  private swap(i: number, j: number): void {
    const v = this.values[i];
    this.values[i] = this.values[j];
    this.values[j] = v;
    const ki = this.keyAt[i];
    const kj = this.keyAt[j];
    this.keyAt[i] = kj;
    this.keyAt[j] = ki;
    this.indexOf[kj] = i;
    this.indexOf[ki] = j;
  }
}
