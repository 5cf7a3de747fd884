/**
 * `vdsim ... | head` closes the pipe before the output ends: the next write fails with EPIPE.
 * The reader has what it wanted, so the command ends at once and quietly, as a shell tool does.
 */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") throw err;
      process.exit(process.exitCode ?? 0);
    });
  }
}
