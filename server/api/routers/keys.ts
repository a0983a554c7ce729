import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Db } from "../../db";
import { idInput } from "../../ids";
import { parseRubInput } from "../../core/format/rub";
import { recordAuditEvent } from "../../services/audit/record-event";
import { getKeyCacheSettings, keyCacheSettingsPatch, updateKeyCacheSettings } from "../../services/cache/key-cache-settings";
import { purgeCallerCache } from "../../services/cache/purge-cache";
import { createKey } from "../../services/keys/create-key";
import { toKeyView } from "../../services/keys/key-view";
import { listKeys } from "../../services/keys/list-keys";
import { listModelOptions } from "../../services/keys/list-model-options";
import { renameKey } from "../../services/keys/rename-key";
import { revokeKey } from "../../services/keys/revoke-key";
import { setKeyDisabled } from "../../services/keys/set-key-disabled";
import { KeyInputError } from "../../services/keys/validate-key-input";
import { keyMadeBy } from "../../services/keys/key-made-by";
import { accountUserId, type ActingAccount } from "../../services/organizations/acting-account";
import { can, ownKeysScope, type Permission } from "../../services/organizations/permissions";
import { accountProcedure } from "../account-procedure";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const keyId = idInput("key");
export const keyNameSchema = z.string().trim().min(1, "name is required").max(100, "name must be at most 100 characters");

const LIMIT_ERRORS = {
  invalid: "limit must be an amount in rubles, e.g. 100 or 12.50",
  too_precise: "limit must be an amount in rubles with at most two decimals, e.g. 12.50",
  too_small: "limit must be at least 0.01 RUB",
  too_large: "limit must be at most 1000000 RUB",
} as const;

/** Rubles as "12.50" / "12,50" / 12.5 → micro-rubles: whole kopecks from 0.01 to 1 000 000 RUB. */
const limitRubSchema = z
  .union([z.string().max(24), z.number()])
  .transform((value, ctx) => {
    const parsed = parseRubInput(value);
    if (parsed.ok) return parsed.micro;
    ctx.addIssue({ code: "custom", message: LIMIT_ERRORS[parsed.error] });
    return z.NEVER;
  });

export const createKeyInput = z.object({
  name: keyNameSchema,
  limitRub: limitRubSchema.optional(),
  limitPeriod: z.enum(["day", "week", "month", "total"], { message: "period must be day, week, month or total" }).default("month"),
  rpm: z
    .number({ message: "RPM must be a number" })
    .int("RPM must be a whole number")
    .positive("RPM must be greater than zero")
    .max(100_000, "RPM must be at most 100000")
    .optional(),
  allowedModels: z.array(z.string().min(1).max(200)).max(500, "at most 500 models").optional(),
  /** Checked as IP ranges by validateKeyInput. */
  allowedIps: z.array(z.string().trim().min(1).max(100)).max(100, "at most 100 IP ranges").optional(),
  expiresAt: z
    .date({ message: "expiry must be a date" })
    .refine((date) => date.getTime() > Date.now(), "expiry must be in the future")
    .optional(),
  pauseOnAnomaly: z.boolean().default(false),
});

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "key not found" });

const readKeys = accountProcedure.need("keys.read", "keys.own");
const manageKeys = accountProcedure.need("keys.manage", "keys.own");

/**
 * The userId the key belongs to (the account's), once the caller may reach the key: with `permission` every key of
 * the account, without it (an organization's developer) only the keys they made; NOT_FOUND otherwise.
 */
async function keyOwner(ctx: { db: Db; account: ActingAccount; user: { id: string } }, keyId: string, permission: Permission): Promise<string> {
  const userId = accountUserId(ctx.account);
  const member = ownKeysScope(ctx.account, ctx.user.id, permission);
  if (member && !(await keyMadeBy(ctx.db, userId, keyId, member))) throw notFound();
  return userId;
}

export const keysRouter = createTRPCRouter({
  /** The user's keys with spend and status; never the key or its hash. */
  list: readKeys.query(({ ctx }) => listKeys(ctx.db, accountUserId(ctx.account), undefined, ownKeysScope(ctx.account, ctx.user.id, "keys.read"))),

  /** Catalog models for the allowlist picker. */
  modelOptions: protectedProcedure.query(({ ctx }) => listModelOptions(ctx.db)),

  /** Creates a key; the response is the only time the full key is ever returned. */
  create: accountProcedure.need("keys.own").input(createKeyInput).mutation(async ({ ctx, input }) => {
    try {
      const { key, record } = await createKey(
        ctx.db,
        {
          userId: accountUserId(ctx.account),
          createdByUserId: ctx.account.kind === "organization" ? ctx.user.id : undefined,
          name: input.name,
          limitMicro: input.limitRub,
          limitPeriod: input.limitRub === undefined ? undefined : input.limitPeriod,
          rpm: input.rpm,
          allowedModels: input.allowedModels,
          allowedIps: input.allowedIps,
          expiresAt: input.expiresAt,
          pauseOnAnomaly: input.pauseOnAnomaly,
        },
        { validate: true, source: ctx.source },
      );
      return { key, record: toKeyView(record) };
    } catch (err) {
      if (err instanceof KeyInputError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
      throw err;
    }
  }),

  rename: manageKeys.input(z.object({ id: keyId, name: keyNameSchema })).mutation(async ({ ctx, input }) => {
    const key = await renameKey(ctx.db, await keyOwner(ctx, input.id, "keys.manage"), input.id, input.name, ctx.source, ctx.user.id);
    if (!key) throw notFound();
    return key;
  }),

  setDisabled: manageKeys.input(z.object({ id: keyId, disabled: z.boolean() })).mutation(async ({ ctx, input }) => {
    const actor = ctx.account.kind === "personal" ? undefined : can(ctx.account, "keys.manage") ? "manager" : "maker";
    const owner = await keyOwner(ctx, input.id, "keys.manage");
    const result = await setKeyDisabled(ctx.db, owner, input.id, input.disabled, ctx.source, ctx.user.id, actor);
    if (!result.ok) {
      if (result.reason === "not_found") throw notFound();
      // Disabled by an owner or admin (or when its maker left): only they may turn it back on.
      if (result.reason === "disabled_by_manager") throw new TRPCError({ code: "FORBIDDEN", message: "key_disabled_by_manager" });
      throw new TRPCError({ code: "BAD_REQUEST", message: "key_revoked" });
    }
    return result.key;
  }),

  /** Irreversible; the gateway stops accepting the key within 5 seconds. */
  revoke: manageKeys.input(z.object({ id: keyId })).mutation(async ({ ctx, input }) => {
    const key = await revokeKey(ctx.db, await keyOwner(ctx, input.id, "keys.manage"), input.id, ctx.source, ctx.user.id);
    if (!key) throw notFound();
    return key;
  }),

  /** The key's response-cache settings (docs/api/cache.md). */
  cacheSettings: readKeys.input(z.object({ id: keyId })).query(async ({ ctx, input }) => {
    const settings = await getKeyCacheSettings(ctx.db, await keyOwner(ctx, input.id, "keys.read"), input.id);
    if (!settings) throw notFound();
    return settings;
  }),

  /**
   * Changes any of mode, TTL (1 s … 7 days), sharing and the semantic cache (on/off, threshold 0.5 … 0.99, embedding
   * model); gateways apply it within about 4 s.
   */
  setCache: manageKeys.input(keyCacheSettingsPatch.extend({ id: keyId })).mutation(async ({ ctx, input }) => {
    const { id, ...patch } = input;
    const owner = await keyOwner(ctx, id, "keys.manage");
    const settings = await updateKeyCacheSettings(ctx.db, owner, id, patch).catch((err: unknown) => {
      if (err instanceof KeyInputError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
      throw err;
    });
    if (!settings) throw notFound();
    await recordAuditEvent(ctx.db, { kind: "key.cache_changed", userId: owner, actorId: ctx.user.id, subject: id, source: ctx.source, data: { ...settings } });
    return settings;
  }),

  /**
   * Forgets cached answers as a request with this key would (`DELETE /api/v1/cache`): a key that does not share
   * purges its own namespace, any other key the user's.
   */
  purgeCache: manageKeys.input(z.object({ id: keyId })).mutation(async ({ ctx, input }) => {
    const owner = await keyOwner(ctx, input.id, "keys.manage");
    const cache = await getKeyCacheSettings(ctx.db, owner, input.id);
    if (!cache) throw notFound();
    const result = await purgeCallerCache({ userId: owner, keyId: input.id, rpm: null, allowedModels: null, cache });
    await recordAuditEvent(ctx.db, { kind: "key.cache_purged", userId: owner, actorId: ctx.user.id, subject: input.id, source: ctx.source, data: { scope: result.scope } });
    return result;
  }),
});
