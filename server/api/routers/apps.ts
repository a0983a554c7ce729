import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { idInput } from "../../ids";
import { ClientInputError } from "../../services/oauth/client-input";
import { deleteClient } from "../../services/oauth/delete-client";
import { listClients } from "../../services/oauth/list-clients";
import { listGrants } from "../../services/oauth/list-grants";
import { registerClient } from "../../services/oauth/register-client";
import { revokeGrant } from "../../services/oauth/revoke-grant";
import { rotateClientSecret } from "../../services/oauth/rotate-client-secret";
import { accountUserId } from "../../services/organizations/acting-account";
import { accountProcedure } from "../account-procedure";
import { createTRPCRouter } from "../trpc";

const readApps = accountProcedure.need("apps.read");
const manageApps = accountProcedure.need("apps.manage");

export const registerAppInput = z.object({
  name: z.string().trim().min(1, "name is required").max(100, "name must be at most 100 characters"),
  logoUrl: z.string().trim().max(2000).optional(),
  homepageUrl: z.string().trim().max(2000).optional(),
  redirectUris: z.array(z.string().trim().max(2000)).min(1, "at least one redirect URI is required").max(20, "at most 20 redirect URIs"),
  type: z.enum(["public", "confidential"], { message: "type must be public or confidential" }),
});

const notFound = (what: string) => new TRPCError({ code: "NOT_FOUND", message: `${what} not found` });

/** Third-party apps (OAuth clients) the chosen account registered, and the consents given to apps. */
export const appsRouter = createTRPCRouter({
  list: readApps.query(({ ctx }) => listClients(ctx.db, accountUserId(ctx.account))),

  /** Registers an app; a confidential app's secret is returned here only. */
  register: manageApps.input(registerAppInput).mutation(async ({ ctx, input }) => {
    try {
      return await registerClient(ctx.db, accountUserId(ctx.account), input);
    } catch (err) {
      if (err instanceof ClientInputError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
      throw err;
    }
  }),

  /** A new secret for a confidential app; the old one stops working at once. */
  rotateSecret: manageApps.input(z.object({ clientId: idInput("xrapp") })).mutation(async ({ ctx, input }) => {
    const result = await rotateClientSecret(ctx.db, accountUserId(ctx.account), input.clientId);
    if (!result) throw notFound("app");
    return result;
  }),

  /** Deletes an app and revokes every consent given to it. */
  remove: manageApps.input(z.object({ clientId: idInput("xrapp") })).mutation(async ({ ctx, input }) => {
    if (!(await deleteClient(ctx.db, accountUserId(ctx.account), input.clientId))) throw notFound("app");
    return { ok: true };
  }),

  /** Remembered consents: the apps the user let spend from the balance. */
  grants: readApps.query(({ ctx }) => listGrants(ctx.db, accountUserId(ctx.account))),

  revokeGrant: manageApps.input(z.object({ grantId: idInput("xrgr") })).mutation(async ({ ctx, input }) => {
    if (!(await revokeGrant(ctx.db, accountUserId(ctx.account), input.grantId))) throw notFound("consent");
    return { ok: true };
  }),
});
