import { renameSync, writeFileSync } from "node:fs";

/** Where a service started on port 0 tells its launcher which URL it got (written whole, atomically). */
export function writeUrlFile(file: string, url: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${url}\n`);
  renameSync(tmp, file);
}
