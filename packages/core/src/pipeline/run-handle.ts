/**
 * The value `transcribe()` returns: an async iterable of segments, yielded as soon as their
 * batch is done, that is also a promise of the whole result. Iterating and awaiting may be
 * combined; the work runs once.
 */

export class StreamingRun<TItem, TResult> implements AsyncIterable<TItem>, PromiseLike<TResult> {
  private readonly items: TItem[] = [];
  private readonly waiters: Array<() => void> = [];
  private finished = false;
  private failure: unknown = undefined;
  private readonly done: Promise<TResult>;

  /** `produce(emit)` runs at once; each emitted item is buffered for iterators. */
  constructor(produce: (emit: (item: TItem) => void) => Promise<TResult>) {
    this.done = produce((item) => {
      this.items.push(item);
      this.wake();
    }).then(
      (result) => {
        this.finished = true;
        this.wake();
        return result;
      },
      (error: unknown) => {
        this.finished = true;
        this.failure = error;
        this.wake();
        throw error;
      },
    );
    // Avoid an unhandled rejection when the caller only iterates: iteration rethrows.
    this.done.catch(() => undefined);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  then<A = TResult, B = never>(
    onfulfilled?: ((value: TResult) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.done.then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<TItem> {
    let index = 0;
    while (true) {
      if (index < this.items.length) {
        yield this.items[index++];
        continue;
      }
      if (this.finished) {
        if (this.failure !== undefined) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}
