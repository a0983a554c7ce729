import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../../api/root";
import { parseConfig } from "../../config";
import type { DbHandle } from "../../db/client";
import { requestClientIp } from "../../net/client-ip";
import { createTestUser, errorOf, openTrpcTestDb } from "../../testing/trpc";
import { getIpLists } from "./get-ip-lists";
import { ipAccess, isIpRefused, keepIpAccessLoaded, refusesIp, reloadIpAccess } from "./ip-access";
import { refuseByIpLists } from "./refuse-by-ip-lists";
import { IpListsError, saveIpLists } from "./save-ip-lists";

let handle: DbHandle;
let server: Server;
let base: string;

// One file for everything that writes the lists: they are a single row every test file's database shares.
// The test client connects from 127.0.0.1, a trusted proxy here, so X-Forwarded-For stands for the client.
beforeAll(async () => {
  (globalThis as { __xrouterConfig?: unknown }).__xrouterConfig = parseConfig({
    XROUTER_TRUSTED_PROXIES: "127.0.0.1/32",
    XROUTER_IP_DENY: "192.0.2.66",
  });
  handle = await openTrpcTestDb();
  // Wired as server.ts wires it: the lists first, then the API or the portal (here stand-ins that just answer).
  server = createServer((req, res) => {
    const ip = requestClientIp(req);
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    const api = pathname.startsWith("/api/v1/");
    if (refuseByIpLists(res, ip, pathname, api)) return;
    res.end(api ? "gateway" : "next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await handle?.close();
});
beforeEach(async () => {
  await saveIpLists(handle.db, { allow: [], deny: [] });
  await reloadIpAccess();
});

const from = (ip: string, path: string) => fetch(`${base}${path}`, { headers: { "x-forwarded-for": ip } });

describe("the global IP lists in front of everything", () => {
  it("refuse a denied API caller with 403 ip_denied in OpenAI's shape before any key is looked at", async () => {
    await saveIpLists(handle.db, { allow: [], deny: ["203.0.113.0/24"] });
    await reloadIpAccess();
    const res = await from("203.0.113.9", "/api/v1/chat/completions");
    expect(res.status).toBe(403);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    expect(await res.json()).toEqual({
      error: {
        message: "requests from your address are not allowed",
        type: "permission_error",
        code: "ip_denied",
        param: null,
      },
    });
  });

  it("refuse a denied portal caller with a plain 403 page, and let everyone else through", async () => {
    await saveIpLists(handle.db, { allow: [], deny: ["2001:db8::/32"] });
    await reloadIpAccess();
    const refused = await from("2001:db8::7", "/login");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await refused.text()).toContain("403 Forbidden");
    expect(await (await from("198.51.100.1", "/login")).text()).toBe("next");
    expect(await (await from("198.51.100.1", "/api/v1/models")).text()).toBe("gateway");
  });

  it("with an allow list, admit only its addresses; deny wins over allow", async () => {
    await saveIpLists(handle.db, { allow: ["198.51.100.0/24"], deny: ["198.51.100.13"] });
    await reloadIpAccess();
    expect((await from("198.51.100.1", "/api/v1/models")).status).toBe(200);
    expect((await from("203.0.113.9", "/api/v1/models")).status).toBe(403);
    expect((await from("198.51.100.13", "/api/v1/models")).status).toBe(403);
  });

  it("apply XROUTER_IP_DENY on top of the admin page's lists", async () => {
    expect((await from("192.0.2.66", "/")).status).toBe(403);
    expect((await from("192.0.2.67", "/")).status).toBe(200);
  });

  it("leave the health probes answering", async () => {
    await saveIpLists(handle.db, { allow: ["198.51.100.0/24"], deny: [] });
    await reloadIpAccess();
    expect(await (await from("203.0.113.9", "/api/ready")).text()).toBe("next");
    expect(await (await from("203.0.113.9", "/api/health")).text()).toBe("next");
  });

  it("judge the client, not a forged X-Forwarded-For hop left of the one the proxy appended", async () => {
    await saveIpLists(handle.db, { allow: [], deny: ["203.0.113.9"] });
    await reloadIpAccess();
    expect((await from("198.51.100.1, 203.0.113.9", "/")).status).toBe(403);
  });

  it("take a change on the admin page (another instance's) within 5 s", async () => {
    await keepIpAccessLoaded();
    expect(isIpRefused("203.0.113.50")).toBe(false);
    await saveIpLists(handle.db, { allow: [], deny: ["203.0.113.50"] });
    const savedAt = Date.now();
    while (!isIpRefused("203.0.113.50") && Date.now() - savedAt < 5_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isIpRefused("203.0.113.50")).toBe(true);
  });
});

describe("refusesIp", () => {
  const none = { allow: [], deny: [] };
  it("admits everyone without lists, and nobody unknown once an allow list exists", () => {
    expect(refusesIp(ipAccess({ allow: [], deny: [] }, none), "203.0.113.9")).toBe(false);
    expect(refusesIp(ipAccess({ allow: ["10.0.0.0/8"], deny: [] }, none), "unknown")).toBe(true);
  });

  it("joins the environment's lists with the admin page's", () => {
    const access = ipAccess({ allow: ["10.0.0.0/8"], deny: [] }, { allow: ["172.16.0.0/12"], deny: ["10.0.0.66"] });
    expect(refusesIp(access, "172.16.1.1")).toBe(false);
    expect(refusesIp(access, "10.1.1.1")).toBe(false);
    expect(refusesIp(access, "10.0.0.66")).toBe(true);
    expect(refusesIp(access, "192.168.1.1")).toBe(true);
  });
});

describe("saveIpLists", () => {
  it("stores the lists once each and reads them back", async () => {
    await saveIpLists(handle.db, { allow: ["10.0.0.0/8", "10.0.0.0/8", "2001:db8::/32"], deny: ["10.6.6.6"] });
    expect(await getIpLists(handle.db)).toEqual({ allow: ["10.0.0.0/8", "2001:db8::/32"], deny: ["10.6.6.6"] });
  });

  it("refuses entries that are not ranges, naming them", async () => {
    const err = await saveIpLists(handle.db, { allow: ["10.0.0.0/8", "office"], deny: ["10.0.0.0/40"] }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IpListsError);
    expect(err).toMatchObject({ problem: "invalid_ip_range", detail: "office, 10.0.0.0/40" });
  });

  it("refuses lists that would lock the admin saving them out", async () => {
    await expect(saveIpLists(handle.db, { allow: ["10.0.0.0/8"], deny: [] }, "198.51.100.1")).rejects.toMatchObject({
      problem: "locks_out_caller",
      detail: "198.51.100.1",
    });
    await expect(
      saveIpLists(handle.db, { allow: [], deny: ["198.51.100.0/24"] }, "198.51.100.1"),
    ).rejects.toMatchObject({ problem: "locks_out_caller" });
    expect(await saveIpLists(handle.db, { allow: ["198.51.100.0/24"], deny: [] }, "198.51.100.1")).toEqual({
      allow: ["198.51.100.0/24"],
      deny: [],
    });
  });
});

/** An admin calling from `ip`, as the portal's tRPC context reports it. */
async function adminFrom(ip: string) {
  const { user } = await createTestUser(handle, "admin");
  return createCaller({ db: handle.db, user: { id: user.id, email: user.email, role: "admin" }, source: { ip } });
}

describe("the admin router's IP lists", () => {
  it("are for admins only", async () => {
    const { caller } = await createTestUser(handle);
    expect((await errorOf(caller.admin.ipLists())).code).toBe("FORBIDDEN");
    expect((await errorOf(caller.admin.setIpLists({ allow: [], deny: ["203.0.113.9"] }))).code).toBe("FORBIDDEN");
  });

  it("are saved and shown with the environment's lists and the admin's own address", async () => {
    const admin = await adminFrom("198.51.100.1");
    expect(
      await admin.admin.setIpLists({ allow: [" 198.51.100.0/24 ", "2001:db8::/32"], deny: ["198.51.100.66"] }),
    ).toEqual({
      allow: ["198.51.100.0/24", "2001:db8::/32"],
      deny: ["198.51.100.66"],
    });
    expect(await admin.admin.ipLists()).toEqual({
      allow: ["198.51.100.0/24", "2001:db8::/32"],
      deny: ["198.51.100.66"],
      environment: { allow: [], deny: ["192.0.2.66"] },
      yourIp: "198.51.100.1",
    });
    await admin.admin.setIpLists({ allow: [], deny: [] });
  });

  it("refuse entries that are not ranges, and lists that would lock the admin out", async () => {
    const admin = await adminFrom("198.51.100.1");
    const invalid = await errorOf(admin.admin.setIpLists({ allow: ["office"], deny: [] }));
    expect([invalid.code, invalid.message]).toEqual(["BAD_REQUEST", "invalid_ip_range: office"]);
    const lockout = await errorOf(admin.admin.setIpLists({ allow: ["203.0.113.0/24"], deny: [] }));
    expect([lockout.code, lockout.message]).toEqual(["BAD_REQUEST", "locks_out_caller: 198.51.100.1"]);
    expect(await admin.admin.ipLists()).toMatchObject({ allow: [], deny: [] });
  });
});
