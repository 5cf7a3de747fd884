import { describe, expect, it } from "vitest";
import { DomainErrorCode } from "./errors.js";
import { validateName } from "./names.js";

describe("validateName", () => {
  it.each(["a", "7", "VM Network", "esx-01.lab_b", "n".repeat(80)])("accepts %j", (name) => {
    expect(() => validateName("port group", name)).not.toThrow();
  });

  it.each(["", " lead", "-dash", ".dot", "_under", "a/b", "a\tb", "caf\u00e9", "n".repeat(81)])("refuses %j, naming kind and value", (name) => {
    expect(() => validateName("port group", name)).toThrow(
      expect.objectContaining({
        code: DomainErrorCode.InvalidArgument,
        message: expect.stringContaining(`Invalid port group name "${name}": use 1-80 letters`),
      }),
    );
  });
});
