import type { HostCliOutput } from "../request.js";

export type Cell = string | number | boolean;

/**
 * esxcli's table: a header row, a rule of dashes per column, two spaces between columns;
 * columns of numbers and booleans are right-aligned (and the `rightAligned` ones, such as
 * an integer printed with its unit), the rest left-aligned.
 */
export function esxcliTable(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>, rightAligned: readonly number[] = []): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c] ?? "").length)));
  const right = headers.map(
    (_, c) => rightAligned.includes(c) || (rows.length > 0 && rows.every((r) => typeof r[c] === "number" || typeof r[c] === "boolean")),
  );
  const line = (cells: readonly Cell[], alignRight: boolean): string =>
    cells
      .map((cell, c) => {
        const text = String(cell);
        const width = widths[c] ?? 0;
        return alignRight && right[c] ? text.padStart(width) : text.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return [line(headers, true), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map((r) => line(r, true))].join("\n") + "\n";
}

/** esxcli's block for one object: its name, then "   Key: value" lines. */
export function esxcliBlock(title: string, fields: ReadonlyArray<readonly [string, Cell]>): string {
  return [title, ...fields.map(([k, v]) => `   ${k}: ${String(v)}`.trimEnd())].join("\n") + "\n";
}

/** esxcli's fields of a get: "   Key: value" lines. */
export function esxcliFields(fields: ReadonlyArray<readonly [string, Cell]>): string {
  return fields.map(([k, v]) => `   ${k}: ${String(v)}`.trimEnd()).join("\n") + "\n";
}

/** A fixed-width line as the vicfg-* scripts print them: each cell padded to its width, the last as is. */
export function fixedColumns(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i < widths.length ? `${cell.padEnd(widths[i] ?? 0)}  ` : cell))
    .join("")
    .trimEnd();
}

export const ok = (stdout: string): HostCliOutput => ({ stdout, exitCode: 0 });
export const failed = (message: string): HostCliOutput => ({ stdout: `${message}\n`, exitCode: 1 });

const fnv1a = (text: string, seed = 0x811c9dc5): number => {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
};

/** A stable World ID for a VM, from its name (the simulator runs no worlds). */
export const worldId = (vm: string): number => 100_000 + (fnv1a(vm) % 900_000);

/** A stable VDS UUID in ESXi's spelling, "xx xx xx xx xx xx xx xx-xx xx xx xx xx xx xx xx", from the switch's name. */
export function dvsUuid(vds: string): string {
  const bytes = [0, 1, 2, 3].flatMap((i) => {
    const h = fnv1a(`${i}:${vds}`);
    return [h >>> 24, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
  });
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0"));
  return `${hex.slice(0, 8).join(" ")}-${hex.slice(8).join(" ")}`;
}

/** A stable connection id of a VMkernel NIC on a dvPort. */
export const dvsConnection = (vds: string, portKey: string): number => fnv1a(`${vds}/${portKey}`) % 2_000_000_000;

/** ESXi numbers the ports of portset N from (N + 2) << 24: vSwitch0's first is 33554432. */
export const portId = (portset: number, port: number): number => (portset + 2) * 0x1000000 + port;
