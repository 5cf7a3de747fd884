import { describe, expect, it } from "vitest";
import { DomainErrorCode } from "../errors.js";
import { given, hostAdded, notResponding } from "./given.js";

// The helper must fail loudly, or every decider test built on it could pass vacuously.
describe("given/when/then", () => {
  const register = { type: "RegisterHost", host: "esx-01", pnics: ["vmnic0"] } as const;
  const join = { type: "AddHostToDistributedSwitch", vds: "dvs-none", host: "esx-01" } as const;

  it("fails then() when the events differ or the command throws", () => {
    expect(() => given([]).when(register).then([])).toThrow();
    expect(() => given([]).when(join).then([])).toThrow(/expected events, but AddHostToDistributedSwitch threw/);
  });

  it("fails thenNothing() when the command decides events", () => {
    expect(() => given([]).when(register).thenNothing()).toThrow();
  });

  it("fails thenThrows() when nothing is thrown, or the code or message differ", () => {
    expect(() => given([]).when(register).thenThrows(DomainErrorCode.NotFound, "x")).toThrow(/expected NOT_FOUND, but RegisterHost decided/);
    expect(() => given([]).when(join).thenThrows(DomainErrorCode.InUse, "dvs-none")).toThrow();
    expect(() => given([]).when(join).thenThrows(DomainErrorCode.NotFound, "dvs-other")).toThrow();
    expect(() => given([]).when(join).thenThrows(DomainErrorCode.NotFound, /^dvs-none$/)).toThrow();
    expect(given([]).when(join).thenThrows(DomainErrorCode.NotFound, "dvs-none").code).toBe("NOT_FOUND");
  });

  it("returns the state after the decided events", () => {
    const state = given([]).when(register).then([hostAdded("esx-01", ["vmnic0"])]);
    expect(Object.keys(state.hosts)).toEqual(["esx-01"]);
  });

  it("treats every host as responding unless told otherwise", () => {
    const ctx = notResponding(["esx-02"]);
    expect([ctx.isHostResponding("esx-01"), ctx.isHostResponding("esx-02")]).toEqual([true, false]);
  });
});
