import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client";
import { providerAccounts } from "../../db/schema";
import { open } from "../../routing/secret-box";
import { MemoryStore } from "../../store/memory";
import { createTestUser, errorOf, openTrpcTestDb } from "../../testing/trpc";
import { createProvider } from "../lookup";
import { startYandexEmulator, type YandexEmulator } from "./emulator";
import { authorizedKeyFile, leaksKey } from "./testkit";
import { YANDEX_IAM_PATH, YANDEX_IAM_URL } from "./wire";

const FOLDER = "b1gadminfolder";
const file = authorizedKeyFile();
// Pasted as the file reads: pretty-printed, the private key behind Yandex's warning line.
const pasted = JSON.stringify(file, null, 2);

let handle: DbHandle;
let emulator: YandexEmulator;

beforeAll(async () => {
  // Admins' endpoints on private addresses are refused (the default), the IAM URL's as the base URL's.
  process.env.XROUTER_ALLOW_PRIVATE_UPSTREAMS = "0";
  handle = await openTrpcTestDb();
  emulator = await startYandexEmulator({ folderId: FOLDER, authorizedKeys: [file] });
});
afterAll(() => emulator.close());

const account = (credentials: Record<string, string>) => ({
  provider: "yandex",
  name: `yandex sa ${crypto.randomUUID().slice(0, 8)}`,
  weight: 1,
  priority: 0,
  concurrency: 10,
  models: null,
  upstreamModels: {},
  enabled: false,
  credentials,
});

async function sealedSettings(id: string): Promise<Record<string, unknown>> {
  const [row] = await handle.db.select().from(providerAccounts).where(eq(providerAccounts.id, id));
  expect(leaksKey(row!.secretEncrypted, file.private_key)).toBe(false);
  return JSON.parse(open(row!.secretEncrypted)) as Record<string, unknown>;
}

describe("a Yandex account with a service account key", () => {
  it("takes the pasted key file, seals it, never shows it back, and its adapter exchanges it", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const created = await caller.routing.createAccount(account({ serviceAccountKey: pasted, folderId: FOLDER }));
    // Data logging is off unless the admin allows it; the key is not shown back (the accounts table shows these).
    expect(created.settings).toEqual({
      folderId: FOLDER,
      baseUrl: "https://llm.api.cloud.yandex.net",
      iamUrl: YANDEX_IAM_URL,
      dataLogging: "off",
    });
    expect(leaksKey(JSON.stringify(created), file.private_key)).toBe(false);
    expect(JSON.stringify(created)).not.toContain("serviceAccountKey");

    const settings = await sealedSettings(created.id);
    expect(settings.serviceAccountKey).toEqual({
      id: file.id,
      serviceAccountId: file.service_account_id,
      privateKey: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----/),
    });
    // The sealed settings drive the adapter; only the endpoints are pointed at the emulator.
    const adapter = createProvider(
      "yandex",
      { ...settings, baseUrl: emulator.baseUrl, iamUrl: emulator.iamUrl },
      new MemoryStore(),
    );
    const { completion } = await adapter.chat(
      { model: "yandexgpt/latest", messages: [{ role: "user", content: "hi" }] },
      { requestId: "req_admin", signal: AbortSignal.timeout(10_000) },
    );
    expect(completion.choices[0]?.message.content).toBe("Echo: hi");
    expect(emulator.requestCounts()[YANDEX_IAM_PATH]).toBe(1);
    expect(emulator.lastRequest()?.headers["x-data-logging-enabled"]).toBe("false");

    const allowed = await caller.routing.replaceCredentials({
      id: created.id,
      credentials: { serviceAccountKey: pasted, folderId: FOLDER, dataLogging: "on" },
    });
    expect(allowed?.settings).toMatchObject({ dataLogging: "on" });
    await caller.routing.deleteAccount({ id: created.id });
    expect(emulator.violations).toEqual([]);
  });

  it("refuses a key that is not the file or not an RSA key, naming the field and quoting nothing of it", async () => {
    const { caller } = await createTestUser(handle, "admin");
    const cases: [Record<string, string>, RegExp][] = [
      [{ serviceAccountKey: pasted.slice(0, 1_200), folderId: FOLDER }, /serviceAccountKey: is not JSON/],
      [
        { serviceAccountKey: JSON.stringify({ ...file, private_key: file.public_key }), folderId: FOLDER },
        /serviceAccountKey: "private_key" must hold a PEM private key/,
      ],
      [
        { serviceAccountKey: JSON.stringify({ ...file, service_account_id: "" }), folderId: FOLDER },
        /serviceAccountKey: has no "service_account_id"/,
      ],
      [{ serviceAccountKey: pasted, folderId: FOLDER, dataLogging: "maybe" }, /dataLogging: /],
      [
        { serviceAccountKey: pasted, folderId: FOLDER, iamUrl: "https://user:pw@iam.example/" },
        /iamUrl: must not carry a user name or password/,
      ],
      // The exchange goes where the admin says: the egress guard checks that address as it checks the base URL.
      [
        { serviceAccountKey: pasted, folderId: FOLDER, iamUrl: "http://169.254.169.254/iam/v1/tokens" },
        /iamUrl: 169\.254\.169\.254 is a link-local/,
      ],
      [{ folderId: FOLDER }, /an API key, a service account key or an IAM token is required/],
    ];
    for (const [credentials, message] of cases) {
      const err = await errorOf(caller.routing.createAccount(account(credentials)));
      expect([err.code, err.message]).toEqual(["BAD_REQUEST", expect.stringMatching(message)]);
      expect(leaksKey(err.message, file.private_key)).toBe(false);
    }
  });

  it("is the admins' alone: a regular user can neither add one nor replace its key", async () => {
    const { caller: admin } = await createTestUser(handle, "admin");
    const { caller: member } = await createTestUser(handle);
    const created = await admin.routing.createAccount(account({ serviceAccountKey: pasted, folderId: FOLDER }));
    const before = await sealedSettings(created.id);
    const other = JSON.stringify(authorizedKeyFile());
    expect(
      (await errorOf(member.routing.createAccount(account({ serviceAccountKey: other, folderId: FOLDER })))).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await errorOf(
          member.routing.replaceCredentials({
            id: created.id,
            credentials: { serviceAccountKey: other, folderId: FOLDER },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(await sealedSettings(created.id)).toEqual(before);
    await admin.routing.deleteAccount({ id: created.id });
  });
});
