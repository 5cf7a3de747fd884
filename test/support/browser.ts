import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";

/** Debian's chromium (apt-get install chromium); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Where tests keep what a person may want to look at afterwards (gitignored). */
export const TEST_RESULTS = resolve(fileURLToPath(new URL("../../test-results", import.meta.url)));

/** Headless Chromium as this machine runs it: no sandbox (root), no GPU, nothing reaching outside loopback. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  // playwright gives each launch a fresh, temporary --user-data-dir of its own
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    timeout: 60_000,
    args: [
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function artifactPath(name: string): string {
  const file = resolve(TEST_RESULTS, name);
  mkdirSync(dirname(file), { recursive: true });
  return file;
}
