import { TRPCError } from "@trpc/server";
import { z, type ZodError } from "zod";
import { LegalError, type LegalErrorCode } from "../services/legal/legal-error";

const NOT_FOUND: readonly LegalErrorCode[] = ["invoice_not_found", "payment_not_found", "document_not_found", "organization_not_found"];
const CONFLICT: readonly LegalErrorCode[] = ["invoice_not_open", "payment_already_credited", "nothing_to_correct"];

/**
 * A LegalError in the portal's shape: the code as the message; wrong fields as a ZodError cause, so the client reads
 * them where it reads any field error (`data.zodError.fieldErrors.<field>`, each a Russian sentence naming the field).
 */
export function legalTrpcError(err: LegalError): TRPCError {
  const code = NOT_FOUND.includes(err.code) ? "NOT_FOUND" : CONFLICT.includes(err.code) ? "CONFLICT" : "BAD_REQUEST";
  return new TRPCError({ code, message: err.code, cause: err.fields ? fieldErrors(err.fields) : err });
}

/** A ZodError naming `fields` (made by a parse: a ZodError built by hand is not an Error, and tRPC would wrap it). */
function fieldErrors(fields: Record<string, string>): ZodError {
  const refused = z.unknown().superRefine((_, ctx) => {
    for (const [field, message] of Object.entries(fields)) ctx.addIssue({ code: "custom", path: [field], message });
  });
  return refused.safeParse(null).error!;
}

/** Runs a legal service, turning its refusals into the portal's errors. */
export async function legalCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof LegalError) throw legalTrpcError(err);
    throw err;
  }
}
