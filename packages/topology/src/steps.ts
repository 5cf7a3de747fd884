import type { HostCommand, ManagementCommand } from "@vdsim/model";
import type { FieldPath } from "./parse.js";

/** One change that converges the cluster toward a file: a management command, or a command a host agent decides. */
export type PlanStep =
  | { readonly kind: "management"; readonly command: ManagementCommand; readonly path: FieldPath; readonly summary: string }
  | { readonly kind: "host"; readonly host: string; readonly command: HostCommand; readonly path: FieldPath; readonly summary: string };

/** Something in the file the cluster cannot be converged to, at the field that asks for it. */
export interface PlanProblem {
  readonly path: FieldPath;
  readonly message: string;
}

export const management = (command: ManagementCommand, path: FieldPath, summary: string): PlanStep => ({ kind: "management", command, path, summary });

export const hostStep = (host: string, command: HostCommand, path: FieldPath, summary: string): PlanStep => ({ kind: "host", host, command, path, summary });
