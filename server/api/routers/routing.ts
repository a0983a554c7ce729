import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { checkProviderHealthNow } from "../../health/provider-health";
import { idInput } from "../../ids";
import { STRATEGY_NAMES } from "../../routing/strategies";
import { getTimeZone } from "../../services/accounts/time-zone";
import { abResults } from "../../services/routing/ab-results";
import { AccountInputError, accountFieldsSchema, createAccountSchema } from "../../services/routing/account-input";
import { createAccount } from "../../services/routing/create-account";
import { deleteAccount } from "../../services/routing/delete-account";
import { deleteRule } from "../../services/routing/delete-rule";
import { listAccounts } from "../../services/routing/list-accounts";
import { listRules } from "../../services/routing/list-rules";
import { listStrategies } from "../../services/routing/list-strategies";
import { moveRule } from "../../services/routing/move-rule";
import { previewPlan } from "../../services/routing/preview-plan";
import { getCachedProviderStatus } from "../../services/routing/provider-status";
import { replaceCredentials } from "../../services/routing/replace-credentials";
import { routingAnalytics } from "../../services/routing/routing-analytics";
import { createRule } from "../../services/routing/create-rule";
import { RuleInputError, ruleInputSchema } from "../../services/routing/rule-input";
import { setStrategy } from "../../services/routing/set-strategy";
import { updateAccount } from "../../services/routing/update-account";
import { updateRule } from "../../services/routing/update-rule";
import { isoDay } from "../../services/usage/filters";
import { recordAdminAction } from "../record-admin-action";
import { adminProcedure, createTRPCRouter, publicProcedure } from "../trpc";

const accountIdInput = idInput("acc");
const ruleIdInput = idInput("rule");
/** A range of calendar days; a day that does not exist (2025-02-30) is BAD_REQUEST, not a failed query. */
const dayRange = z.object({ from: isoDay, to: isoDay });
const credentials = createAccountSchema.shape.credentials;

const notFound = () => new TRPCError({ code: "NOT_FOUND" });

/** Input problems from the services become BAD_REQUEST with a message that never echoes a secret. */
async function asBadRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AccountInputError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message });
    if (err instanceof RuleInputError) throw new TRPCError({ code: "BAD_REQUEST", message: err.detail });
    throw err;
  }
}

/** Admin routing: provider accounts, per-model strategies, rules and their preview, analytics; public status. */
export const routingRouter = createTRPCRouter({
  accounts: adminProcedure.query(({ ctx }) => listAccounts(ctx.db)),

  createAccount: adminProcedure.input(createAccountSchema).mutation(async ({ ctx, input }) => {
    const row = await asBadRequest(() => createAccount(ctx.db, input));
    await recordAdminAction(ctx, { kind: "admin.provider_account_created", subject: row.id, data: { provider: input.provider, name: input.name, enabled: input.enabled } });
    return row;
  }),

  updateAccount: adminProcedure
    .input(
      accountFieldsSchema
        .partial()
        .extend({ id: accountIdInput, enabled: z.boolean().optional() })
        .refine((input) => Object.values(input).filter((v) => v !== undefined).length > 1, "name at least one field to change"),
    )
    .mutation(async ({ ctx, input }) => {
      const { id: accountId, ...fields } = input;
      const row = await asBadRequest(() => updateAccount(ctx.db, accountId, fields));
      if (!row) throw notFound();
      await recordAdminAction(ctx, { kind: "admin.provider_account_updated", subject: accountId, data: fields });
      return row;
    }),

  replaceCredentials: adminProcedure.input(z.object({ id: accountIdInput, credentials })).mutation(async ({ ctx, input }) => {
    const row = await asBadRequest(() => replaceCredentials(ctx.db, input.id, input.credentials));
    if (!row) throw notFound();
    // The names of the settings only: their values are the secrets.
    await recordAdminAction(ctx, { kind: "admin.provider_account_credentials_replaced", subject: input.id, data: { settings: Object.keys(input.credentials) } });
    return row;
  }),

  deleteAccount: adminProcedure.input(z.object({ id: accountIdInput })).mutation(async ({ ctx, input }) => {
    if (!(await deleteAccount(ctx.db, input.id))) throw notFound();
    await recordAdminAction(ctx, { kind: "admin.provider_account_deleted", subject: input.id });
    return { id: input.id };
  }),

  checkHealth: adminProcedure.mutation(async () => {
    await checkProviderHealthNow();
    return { ok: true };
  }),

  strategies: adminProcedure.query(({ ctx }) => listStrategies(ctx.db)),

  setStrategy: adminProcedure.input(z.object({ modelId: z.string().min(1).max(200), strategy: z.enum(STRATEGY_NAMES) })).mutation(async ({ ctx, input }) => {
    if (!(await setStrategy(ctx.db, input.modelId, input.strategy))) throw notFound();
    return input;
  }),

  rules: adminProcedure.query(({ ctx }) => listRules(ctx.db)),

  createRule: adminProcedure.input(ruleInputSchema).mutation(({ ctx, input }) => asBadRequest(() => createRule(ctx.db, input))),

  updateRule: adminProcedure.input(ruleInputSchema.partial().extend({ id: ruleIdInput })).mutation(async ({ ctx, input }) => {
    const { id: ruleId, ...fields } = input;
    const row = await asBadRequest(() => updateRule(ctx.db, ruleId, fields));
    if (!row) throw notFound();
    return row;
  }),

  deleteRule: adminProcedure.input(z.object({ id: ruleIdInput })).mutation(async ({ ctx, input }) => {
    if (!(await deleteRule(ctx.db, input.id))) throw notFound();
    return { id: input.id };
  }),

  moveRule: adminProcedure.input(z.object({ id: ruleIdInput, direction: z.enum(["up", "down"]) })).mutation(async ({ ctx, input }) => {
    if (!(await moveRule(ctx.db, input.id, input.direction))) throw notFound();
    return input;
  }),

  preview: adminProcedure
    .input(
      z.object({
        request: z.string().min(2).max(200_000),
        user: z.string().max(320).optional(),
        keyTags: z.array(z.string().max(100)).max(50).default([]),
        keyId: idInput("key").optional(),
      }),
    )
    .mutation(({ ctx, input }) => previewPlan(ctx.db, input)),

  /** Analytics and A/B results count the admin's own days: those of the zone in their account settings. */
  analytics: adminProcedure.input(dayRange).query(async ({ ctx, input }) => routingAnalytics(ctx.db, { ...input, zone: await getTimeZone(ctx.db, ctx.user.id) })),

  abResults: adminProcedure.input(dayRange).query(async ({ ctx, input }) => abResults(ctx.db, { ...input, zone: await getTimeZone(ctx.db, ctx.user.id) })),

  /** The public status page's data: per provider state, health latency and the last hour's traffic. */
  status: publicProcedure.query(({ ctx }) => getCachedProviderStatus(ctx.db)),
});
