/**
 * Everything the benchmarks start (nats-servers, clusters, connections, temp dirs) registers
 * its teardown here, so it runs on success, on failure and on SIGINT/SIGTERM alike.
 */
type Task = { readonly name: string; readonly run: () => Promise<void> | void };

export class Cleanup {
  #tasks: Task[] = [];

  /** Registers a teardown; the returned function runs it now (once) and unregisters it. */
  add(name: string, run: () => Promise<void> | void): () => Promise<void> {
    const task: Task = { name, run };
    this.#tasks.push(task);
    return async () => {
      const i = this.#tasks.indexOf(task);
      if (i < 0) return;
      this.#tasks.splice(i, 1);
      await task.run();
    };
  }

  /** Runs every registered teardown, newest first; a failing one does not stop the others. */
  async runAll(): Promise<void> {
    while (this.#tasks.length > 0) {
      const task = this.#tasks.pop()!;
      try {
        await task.run();
      } catch (err) {
        process.stderr.write(`[bench] cleanup "${task.name}" failed: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }
}
