import type { NextApiRequest, NextApiResponse } from "next";
import NextAuth from "next-auth";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { DbHandle } from "../db";
import { createUser } from "../services/users/create-user";
import { databaseKinds, uniqueEmail } from "../testing/databases";

const db = vi.hoisted(() => {
  process.env.XROUTER_PUBLIC_URL = "https://xrouter.example";
  process.env.AUTH_SECRET = "test-secret-test-secret-test-secret-42";
  return { handle: undefined as DbHandle | undefined };
});
vi.mock("../db", () => ({ getDb: async () => db.handle!.db }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const { authOptions } = await import("./next-auth");

let cleanup: () => Promise<void>;
beforeAll(async () => {
  const opened = await databaseKinds[0]![1]();
  db.handle = opened;
  cleanup = opened.cleanup;
});
afterAll(() => cleanup());

/** One next-auth request through its API-route form (no Next request context needed): cookies set and body. */
async function callAuth(route: string, request: { method?: string; body?: Record<string, string>; cookies?: Record<string, string> } = {}) {
  const headers = new Map<string, unknown>();
  let body: unknown;
  const res = {
    status: () => res,
    setHeader: (name: string, value: unknown) => (headers.set(name.toLowerCase(), value), res),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    json: (value: unknown) => void (body = value),
    send: (value: unknown) => void (body = value),
    end: () => undefined,
  };
  const req = { query: { nextauth: route.split("/") }, method: request.method ?? "GET", body: request.body, cookies: request.cookies ?? {}, headers: {} };
  await NextAuth(req as unknown as NextApiRequest, res as unknown as NextApiResponse, authOptions());
  return { setCookies: (headers.get("set-cookie") ?? []) as string[], body };
}

it("signs in with a Secure, __Secure- prefixed session cookie behind an https public URL", async () => {
  const email = uniqueEmail("secure-cookie");
  await createUser(db.handle!.db, { email, password: "correct horse battery", emailVerified: new Date() });
  const csrf = await callAuth("csrf");
  const [csrfName, csrfValue] = csrf.setCookies.find((c) => c.includes("next-auth.csrf-token"))!.split(";")[0]!.split("=");
  const signIn = await callAuth("callback/credentials", {
    method: "POST",
    cookies: { [csrfName!]: decodeURIComponent(csrfValue!) },
    body: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, email, password: "correct horse battery", json: "true" },
  });
  const session = signIn.setCookies.find((c) => c.includes("next-auth.session-token"));
  expect(session).toMatch(/^__Secure-next-auth\.session-token=/);
  expect(session).toMatch(/; Secure/);
});
