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
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const registerAppInput = z.object({
  name: z.string().trim().min(1, "name is required").max(100, "name must be at most 100 characters"),
  logoUrl: z.string().trim().max(2000).optional(),
  homepageUrl: z.string().trim().max(2000).optional(),
  redirectUris: z.array(z.string().trim().max(2000)).min(1, "at least one redirect URI is required").max(20, "at most 20 redirect URIs"),
  type: z.enum(["public", "confidential"], { message: "type must be public or confidential" }),
});

const notFound = (what: string) => new TRPCError({ code: "NOT_FOUND", message: `${what} not found` });

/** Third-party apps (OAuth clients) the user registered, and the consents the user gave to apps. */
export const appsRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listClients(ctx.db, ctx.user.id)),

  /** Registers an app; a confidential app's secret is returned here only. */
  register: protectedProcedure.input(registerAppInput).mutation(async ({ ctx, input }) => {
    try {
      return await registerClient(ctx.db, ctx.user.id, input);
    } catch (err) {
      if (err instanceof ClientInputError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
      throw err;
    }
  }),

  /** A new secret for a confidential app; the old one stops working at once. */
  rotateSecret: protectedProcedure.input(z.object({ clientId: idInput("xrapp") })).mutation(async ({ ctx, input }) => {
    const result = await rotateClientSecret(ctx.db, ctx.user.id, input.clientId);
    if (!result) throw notFound("app");
    return result;
  }),

  /** Deletes an app and revokes every consent given to it. */
  remove: protectedProcedure.input(z.object({ clientId: idInput("xrapp") })).mutation(async ({ ctx, input }) => {
    if (!(await deleteClient(ctx.db, ctx.user.id, input.clientId))) throw notFound("app");
    return { ok: true };
  }),

  /** Remembered consents: the apps the user let spend from the balance. */
  grants: protectedProcedure.query(({ ctx }) => listGrants(ctx.db, ctx.user.id)),

  revokeGrant: protectedProcedure.input(z.object({ grantId: idInput("xrgr") })).mutation(async ({ ctx, input }) => {
    if (!(await revokeGrant(ctx.db, ctx.user.id, input.grantId))) throw notFound("consent");
    return { ok: true };
  }),
});
