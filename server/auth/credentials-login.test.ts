import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "../db/client";
import { createUser } from "../services/users/create-user";
import { MemoryStore } from "../store/memory";
import { openTrpcTestDb } from "../testing/trpc";
import { authOptions } from "./next-auth";

// The login runs inside a Next request; here the client address it sees is set per call.
const incoming = vi.hoisted(() => ({ ip: "" }));
vi.mock("./request-info", () => ({ requestIp: async () => incoming.ip, requestSource: async () => ({ ip: incoming.ip }) }));

const PASSWORD = "the right password";
const clock = { now: Date.now() };
let handle: DbHandle;
let ipCounter = 0;

beforeAll(async () => {
  handle = await openTrpcTestDb();
  (globalThis as { __xrouterStore?: unknown }).__xrouterStore = new MemoryStore(() => clock.now);
});
afterAll(async () => {
  await handle?.close();
});

const freshIp = () => `10.${(++ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;

async function newUser(): Promise<string> {
  const email = `login-${crypto.randomUUID().slice(0, 8)}@example.test`;
  await createUser(handle.db, { email, password: PASSWORD, emailVerified: new Date() });
  return email;
}

/** The credentials provider's own authorize(), as next-auth calls it: "ok" or the error it throws. */
async function logIn(email: string, password: string, ip: string): Promise<string> {
  incoming.ip = ip;
  const provider = authOptions().providers.find((p) => p.id === "credentials") as unknown as {
    options: { authorize: (credentials: Record<string, string>) => Promise<unknown> };
  };
  try {
    await provider.options.authorize({ email, password });
    return "ok";
  } catch (err) {
    return (err as Error).message;
  }
}

describe("credentials login throttling", () => {
  it("wrong passwords from one address never lock the owner out at another", async () => {
    const email = await newUser();
    const attacker = freshIp();
    // The fourth wrong password warns that the next one starts the waits.
    for (let i = 0; i < 5; i++) expect(await logIn(email, `guess-${i}`, attacker)).toBe(i === 3 ? "invalid:last" : "invalid");
    expect(await logIn(email, "guess-5", attacker)).toMatch(/^locked:/);
    expect(await logIn(email, PASSWORD, freshIp())).toBe("ok");
  });

  it("after five failures the same email and address wait 1 s, then 2 s, … before the next check", async () => {
    const email = await newUser();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect(await logIn(email, `guess-${i}`, ip)).toBe(i === 3 ? "invalid:last" : "invalid");
    expect(await logIn(email, PASSWORD, ip)).toBe("locked:1");
    clock.now += 1_001;
    expect(await logIn(email, "guess-5", ip)).toBe("invalid");
    clock.now += 1_500;
    expect(await logIn(email, PASSWORD, ip)).toBe("locked:1");
    clock.now += 600;
    expect(await logIn(email, "guess-6", ip)).toBe("invalid");
    expect(await logIn(email, PASSWORD, ip)).toBe("locked:4");
    clock.now += 4_001;
    expect(await logIn(email, PASSWORD, ip)).toBe("ok");
    // The success forgets the address's failures.
    expect(await logIn(email, "guess-7", ip)).toBe("invalid");
  });

  it("100 failures an hour across addresses stop new addresses, but not one the owner logged in from", async () => {
    const email = await newUser();
    const home = freshIp();
    expect(await logIn(email, PASSWORD, home)).toBe("ok");
    for (let batch = 0; batch < 25; batch++)
      await Promise.all(Array.from({ length: 4 }, (_, i) => logIn(email, `spray-${batch}-${i}`, freshIp())));
    expect(await logIn(email, PASSWORD, freshIp())).toMatch(/^locked:/);
    expect(await logIn(email, PASSWORD, home)).toBe("ok");
    clock.now += 60 * 60 * 1000 + 1;
    expect(await logIn(email, PASSWORD, freshIp())).toBe("ok");
  });
});

describe("credentials login timing", () => {
  it("takes about as long for an unknown email as for a wrong password of a real one", async () => {
    // A new account and a new unknown email per sample, so no throttling rule ever answers early.
    const known = await Promise.all(Array.from({ length: 10 }, () => newUser()));
    const unknown = known.map((email) => `nobody-${email}`);
    const timed = async (email: string) => {
      const started = performance.now();
      expect(await logIn(email, "not the password", freshIp())).toBe("invalid");
      return performance.now() - started;
    };
    await timed(known[0]!);
    await timed(unknown[0]!);
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    // Interleaved, so a busy neighbour slows both sides alike; medians ignore the odd stall.
    for (let i = 1; i < known.length; i++) {
      knownTimes.push(await timed(known[i]!));
      unknownTimes.push(await timed(unknown[i]!));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(unknownTimes) / median(knownTimes);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
