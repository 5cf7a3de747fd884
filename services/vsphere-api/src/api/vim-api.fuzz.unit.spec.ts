import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogger } from "@vdsim/runtime";
import { ChangeSignal } from "../changes.js";
import { watchMethods } from "../collector/watch-methods.js";
import { buildInventory } from "../inventory/build-inventory.js";
import { SAMPLE, foldCommands } from "../inventory/cluster.spec-support.js";
import { InventoryContext } from "../inventory/context.js";
import { VimApi } from "./vim-api.js";

const ctx = new InventoryContext(foldCommands(SAMPLE), () => "connected", new Date("2026-12-03T08:00:00Z"));
const api = new VimApi({
  userName: "root",
  password: "pw",
  about: { vdsimVersion: "0.1.0", instanceUuid: "u" },
  inventory: () => buildInventory(ctx),
  log: createLogger("fuzz"),
  methods: [watchMethods({ changes: new ChangeSignal() })],
});

// WaitForUpdatesEx is left out: without maxWaitSeconds it rightly waits for a change that never comes here
const METHODS = ["Login", "RetrievePropertiesEx", "RetrieveProperties", "CreateFilter", "CheckForUpdates", "CreateContainerView", "CreateListView", "ModifyListView", "DestroyView", "ContinueRetrievePropertiesEx", "NoSuchMethod"];
const TYPES = ["PropertyCollector", "ViewManager", "SessionManager", "Folder", "VirtualMachine", "ListView", "ContainerView", "Nope"];
const ids = fc.constantFrom("propertyCollector", "ViewManager", "SessionManager", "group-d1", "vm-100", "x", "");
const text = fc.string({ maxLength: 12 }).map((s) => s.replace(/[<&]/g, ""));
const element: fc.Arbitrary<string> = fc.letrec<{ el: string }>((tie) => ({
  el: fc.oneof(
    { depthSize: "small" },
    fc.tuple(fc.constantFrom("specSet", "propSet", "objectSet", "obj", "type", "pathSet", "selectSet", "path", "skip", "options", "maxObjects", "maxWaitSeconds", "version", "spec", "userName", "password", "token", "container", "recursive", "add"), text).map(([n, t]) => `<${n}>${t}</${n}>`),
    fc.tuple(fc.constantFrom("specSet", "propSet", "objectSet", "options", "spec", "selectSet"), fc.array(tie("el"), { maxLength: 3 })).map(([n, kids]) => `<${n}>${kids.join("")}</${n}>`),
  ),
})).el;

const call = fc.tuple(fc.constantFrom(...METHODS), fc.constantFrom(...TYPES), ids, fc.array(element, { maxLength: 4 })).map(
  ([m, t, id, body]) =>
    `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><${m} xmlns="urn:vim25"><_this type="${t}">${id}</_this>${body.join("")}</${m}></soapenv:Body></soapenv:Envelope>`,
);
const garbage = fc.oneof(fc.string({ maxLength: 200 }), call.map((c) => c.slice(0, c.length / 2)));

describe("whatever a client sends", () => {
  it("gets a SOAP response or a SOAP fault, at once: never a throw, never a hang", async () => {
    // a logged-in session, so the calls reach the methods and their argument checks
    const login = await api.handle(
      `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><Login xmlns="urn:vim25"><_this type="SessionManager">SessionManager</_this><userName>root</userName><password>pw</password></Login></soapenv:Body></soapenv:Envelope>`,
      undefined,
      "127.0.0.1",
    );
    const cookie = login.setCookie;
    await fc.assert(
      fc.asyncProperty(fc.oneof(call, garbage), async (body) => {
        const reply = await api.handle(body, cookie, "127.0.0.1");
        expect([200, 500]).toContain(reply.status);
        expect(reply.body).toMatch(/^<\?xml[^>]*\?>\s*<soapenv:Envelope/);
        if (reply.status === 500) expect(reply.body).toContain("<faultcode>ServerFaultCode</faultcode>");
      }),
      { numRuns: 400 },
    );
  });
});
