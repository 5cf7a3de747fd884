import { describe, expect, it } from "vitest";
import { natsServersFromEnv, splitServers } from "./connect.js";

describe("NATS server lists from flags and NATS_URL", () => {
  it("splits comma-separated URLs, in a string or a list, and drops blanks", () => {
    expect(splitServers("nats://a:4222, nats://b:4222,,nats://c:4222 ")).toEqual(["nats://a:4222", "nats://b:4222", "nats://c:4222"]);
    expect(splitServers(["nats://a:4222,nats://b:4222", "nats://c:4222"])).toEqual(["nats://a:4222", "nats://b:4222", "nats://c:4222"]);
  });

  it("reads every cluster URL from NATS_URL, and nothing when it is unset or blank", () => {
    expect(natsServersFromEnv({ NATS_URL: "nats://n1:4222,nats://n2:4222" })).toEqual(["nats://n1:4222", "nats://n2:4222"]);
    expect(natsServersFromEnv({})).toBeUndefined();
    expect(natsServersFromEnv({ NATS_URL: "  " })).toBeUndefined();
  });
});
