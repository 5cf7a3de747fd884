/** An unbounded push queue consumed as an async iterator; ending it releases the reader. */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  readonly #items: T[] = [];
  #waiter: { resolve: (r: IteratorResult<T>) => void; reject: (err: unknown) => void } | undefined;
  #done = false;
  #failure: { readonly error: unknown } | undefined;

  push(item: T): void {
    if (this.#done) return;
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.resolve({ value: item, done: false });
    } else this.#items.push(item);
  }

  end(): void {
    this.#done = true;
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.resolve({ value: undefined, done: true });
  }

  /** Ends the queue with an error: the reader gets what was pushed, then the error once. */
  fail(error: unknown): void {
    if (this.#done) return;
    this.#failure = { error };
    this.#done = true;
    const w = this.#waiter;
    this.#waiter = undefined;
    if (w) {
      this.#failure = undefined;
      w.reject(error);
    }
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.#failure) {
      const { error } = this.#failure;
      this.#failure = undefined;
      return Promise.reject(error);
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
