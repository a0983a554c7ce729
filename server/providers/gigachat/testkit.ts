import { MemoryStore } from "../../store/memory";
import type { Store } from "../../store/types";
import type { CallContext } from "../types";
import { createGigaChatProvider } from "./adapter";
import type { GigaChatEmulator } from "./emulator";

/** Test helpers shared by the GigaChat test files. */
export const TEST_CREDENTIALS = Buffer.from("client-id:client-secret").toString("base64");
export const TEST_SCOPE = "GIGACHAT_API_PERS";

export function ctx(): CallContext {
  return { requestId: "req-test", signal: new AbortController().signal };
}

export function providerFor(emulator: GigaChatEmulator, store: Store = new MemoryStore()) {
  return createGigaChatProvider({
    credentials: TEST_CREDENTIALS,
    scope: TEST_SCOPE,
    authUrl: emulator.authUrl,
    baseUrl: emulator.baseUrl,
    store,
  });
}
