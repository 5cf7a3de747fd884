/**
 * Everything the benchmarks start (nats-servers, clusters, connections, temp dirs) registers
 * its teardown here, so it runs on success, on failure and on SIGINT/SIGTERM alike, and each
 * teardown runs once even when the normal path and a signal both ask for it.
 */
interface Task {
  readonly name: string;
  readonly run: () => Promise<void> | void;
  running?: Promise<void>;
}

export class Cleanup {
  readonly #tasks: Task[] = [];

  /** Registers a teardown; the returned function runs it (once: later calls wait for that run). */
  add(name: string, run: () => Promise<void> | void): () => Promise<void> {
    const task: Task = { name, run };
    this.#tasks.push(task);
    return () => this.#run(task);
  }

  /** Runs every teardown not yet done, newest first; a failing one does not stop the others. */
  async runAll(): Promise<void> {
    for (const task of [...this.#tasks].reverse()) {
      try {
        await this.#run(task);
      } catch (err) {
        process.stderr.write(`[bench] cleanup "${task.name}" failed: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }

  #run(task: Task): Promise<void> {
    task.running ??= (async () => {
      try {
        await task.run();
      } finally {
        const i = this.#tasks.indexOf(task);
        if (i >= 0) this.#tasks.splice(i, 1);
      }
    })();
    return task.running;
  }
}
