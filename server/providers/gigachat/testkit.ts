import { MemoryStore } from "../../store/memory";
import type { Store } from "../../store/types";
import type { CallContext } from "../types";
import { createGigaChatProvider } from "./adapter";
import { authorizationKey, GIGACHAT_EMULATOR_DEFAULTS, type GigaChatEmulator } from "./emulator";

/** Test helpers shared by the GigaChat test files: the key and scope an emulator started without options accepts. */
export const TEST_CREDENTIALS = authorizationKey(GIGACHAT_EMULATOR_DEFAULTS);
export const TEST_SCOPE = GIGACHAT_EMULATOR_DEFAULTS.scope;

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
