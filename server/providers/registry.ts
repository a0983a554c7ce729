import type { ProviderDescriptor } from "./descriptor";
import { gigachat } from "./gigachat";
import { mts } from "./mts";
import { tbank } from "./tbank";
import { yandex } from "./yandex";

/**
 * Every provider XRouter serves, in the order the catalog, the status page and demo mode list them. Adding a
 * provider is its folder (docs/providers/adding-a-provider.md) and one entry here; nothing else names it.
 */
export const PROVIDERS: readonly ProviderDescriptor[] = [gigachat, yandex, mts, tbank];
