import { invalid } from "./errors.js";

// vSphere allows spaces in port group names ("VM Network"); vdsim allows letters, digits,
// space, dot, dash and underscore, starting with a letter or digit.
const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/;

/** Throws an InvalidArgument error naming the field when `value` is not a usable object name. */
export function validateName(kind: string, value: string): void {
  if (!NAME.test(value)) {
    throw invalid(
      `Invalid ${kind} name "${value}": use 1-80 letters, digits, spaces, '.', '-' or '_', starting with a letter or digit`,
    );
  }
}
