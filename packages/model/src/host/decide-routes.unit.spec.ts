import { describe, it } from "vitest";
import { DomainErrorCode } from "../errors.js";
import type { DomainEvent } from "../events.js";
import { given, hostAdded } from "../testing/given.js";
import type { HostCommand } from "./commands.js";

const { NotFound, AlreadyExists, InvalidArgument } = DomainErrorCode;

// esx-01's vmk0 is 192.168.0.10/24
const host: DomainEvent[] = [hostAdded("esx-01")];
const on = (events: DomainEvent[] = host) => ({ when: (command: HostCommand) => given(events).onHost("esx-01").when(command) });
const defaultRoute = { network: "0.0.0.0", netmask: "0.0.0.0", gateway: "192.168.0.1" };
const added: DomainEvent = { type: "Ipv4RouteAdded", data: { host: "esx-01", ...defaultRoute } };

describe("AddIpv4Route", () => {
  it("adds the default gateway of the default TCP/IP stack", () => {
    on().when({ type: "AddIpv4Route", ...defaultRoute }).then([added]);
  });

  it("yields nothing for a route already there", () => {
    on([...host, added]).when({ type: "AddIpv4Route", ...defaultRoute }).thenNothing();
  });

  it.each<[HostCommand, DomainErrorCode, RegExp]>([
    [{ type: "AddIpv4Route", ...defaultRoute, gateway: "10.9.9.1" }, InvalidArgument, /gateway 10.9.9.1 is not on the subnet of any VMkernel NIC/],
    [{ type: "AddIpv4Route", ...defaultRoute, gateway: "192.168.0.300" }, InvalidArgument, /Invalid gateway 192.168.0.300/],
    [{ type: "AddIpv4Route", network: "10.1.2.3", netmask: "255.255.0.0", gateway: "192.168.0.1" }, InvalidArgument, /bits set beyond the prefix length/],
  ])("refuses %j", (command, code, message) => {
    on().when(command).thenThrows(code, message);
  });

  it("refuses a second gateway for the same network", () => {
    on([...host, added]).when({ type: "AddIpv4Route", ...defaultRoute, gateway: "192.168.0.2" }).thenThrows(AlreadyExists, /already exists, via 192.168.0.1/);
  });
});

describe("RemoveIpv4Route", () => {
  it("removes a route, and refuses one that is not there", () => {
    on([...host, added]).when({ type: "RemoveIpv4Route", network: "0.0.0.0", netmask: "0.0.0.0", gateway: "192.168.0.1" }).then([
      { type: "Ipv4RouteRemoved", data: { host: "esx-01", network: "0.0.0.0", netmask: "0.0.0.0" } },
    ]);
    on().when({ type: "RemoveIpv4Route", network: "0.0.0.0", netmask: "0.0.0.0" }).thenThrows(NotFound, /no route to 0.0.0.0\/0/);
  });
});
