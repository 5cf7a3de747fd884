import { describe, expect, it } from "vitest";
import { framesLost } from "./api.js";

describe("framesLost: holes in the receiver's sequence numbers", () => {
  it("a running flow's frames on the wire are not lost: up to the receiver's last sequence", () => {
    // sent 100, the receiver has seen up to 95 and got 93 of those: 2 holes; 5 still on the wire
    expect(framesLost(93, 95)).toBe(2);
  });

  it("a stopped flow counts what never came after the last receipt too: up to the sender's count", () => {
    expect(framesLost(93, 100)).toBe(7);
  });

  it("duplicates never make loss negative", () => {
    expect(framesLost(12, 10)).toBe(0);
  });
});
