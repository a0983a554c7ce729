import type { z } from "zod";
import type { Store } from "../store/types";
import type { RunningEmulator } from "./emulator/server";
import type { ChatRequest } from "./openai";
import type { ModelInfo, Provider } from "./types";

/** A text in both portal languages. */
export interface Localized {
  ru: string;
  en: string;
}

/** One field of the admin form for an account of the provider (its name is the settings key it fills). */
export interface CredentialField {
  name: string;
  label: Localized;
  /** Write-only: a password input that starts empty; never shown back, never logged. */
  secret?: boolean;
  required?: boolean;
  placeholder?: string;
  /** Pasted text (certificates): a text area, not shown back in the accounts table. */
  multiline?: boolean;
  /** A choice (a select, the first option preselected); an option may set the account's default concurrency. */
  options?: readonly { value: string; label: Localized; concurrency?: number }[];
}

/** What the adapter does with the OpenAI request parameters: everything not listed here is passed on (or mapped). */
export interface ParameterSupport {
  /**
   * Parameters the adapter leaves out (listed in `x-xrouter-dropped-params`): `provider.require_parameters` skips the
   * provider for a request that uses one, and GET /models leaves them out of `supported_parameters`.
   */
  dropped: readonly (keyof ChatRequest)[];
  /** The header that carries a conversation's affinity key; without one, `prompt_cache_key` / `session_id` are dropped. */
  sessionHeader?: string;
}

/** One model an account's upstream lists (`GET /models`), for the catalog sync. */
export interface ListedModel {
  /** As the catalog's `upstreamModel` spells it. */
  id: string;
  /** When the listing says (GigaChat's `type`). */
  kind?: ModelInfo["kind"];
  /** When the listing says (vLLM's `max_model_len`). */
  contextLength?: number;
}

/** A provider's built-in emulator, started for demo mode and `xrouter emulators`. */
export interface StartedEmulator {
  emulator: RunningEmulator;
  /** The provider's environment variables that point XRouter at it (the same names as `env.variables`). */
  env: Record<string, string>;
}

/**
 * Everything XRouter knows about one provider, exported by `server/providers/<name>/index.ts` and listed once in
 * registry.ts: the environment check, the admin form, the catalog, demo mode, routing and the CLI derive from it.
 * `Settings` is what the adapter takes: the environment's account and an admin's account both become one.
 */
export interface ProviderDescriptor<Settings extends object = object, Env extends z.ZodRawShape = z.ZodRawShape> {
  /** The prefix of its public model ids (`<id>/<model>`) and the name accounts, rules and requests rows store. */
  readonly id: string;
  readonly name: Localized;
  /** The operator's own account, from environment variables (checked at start, with the process's settings). */
  readonly env: {
    /** Each variable with its check and default. */
    readonly variables: Env;
    /** The account the variables configure, or undefined when they configure none (the provider is then not served). */
    settings(values: z.output<z.ZodObject<Env>>): Settings | undefined;
  };
  /** Accounts added by admins: the settings' check (blank fields count as absent) and the form's fields, in order. */
  readonly credentials: {
    readonly schema: z.ZodType<Settings>;
    readonly fields: readonly CredentialField[];
  };
  readonly parameters: ParameterSupport;
  /** Requests one account may have in flight by default (its published quota); a field option may override it. */
  readonly concurrency: number;
  /** Its models, for the catalog (prices are the starting rows; admins change them later). */
  readonly models: readonly ModelInfo[];
  /**
   * The models one account's upstream serves now, for the catalog sync (docs/providers/catalog-sync.md); absent when
   * the provider has no model list. Models its API lists but cannot serve through XRouter (GigaChat's filters) are left out.
   */
  listModels?(settings: Settings, deps: { store: Store; signal: AbortSignal }): Promise<ListedModel[]>;
  /**
   * How an account with these settings switches the thinking of one of its models (shown in the catalog), or
   * undefined when the model has no switch there. Absent for providers without a switch.
   */
  thinkingSwitch?(settings: Settings, upstreamModel: string): Localized | undefined;
  /** The adapter for one account; its `health()` is the account's health check. */
  createAdapter(settings: Settings, deps: { store: Store }): Provider;
  startEmulator(): Promise<StartedEmulator>;
}

/** Types a descriptor's settings and variables where it is written; the registry holds them as `ProviderDescriptor`. */
export const defineProvider = <Settings extends object, Env extends z.ZodRawShape>(descriptor: ProviderDescriptor<Settings, Env>) => descriptor;
