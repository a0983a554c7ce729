import { z } from "zod";
import { ruleActionSchema, ruleMatchSchema } from "../../routing/rules";
import { isProviderId } from "../../providers/lookup";

const trimmedList = (max: number) => z.array(z.string().trim().min(1).max(200)).max(max);

/** A rule as admins write it: the match and action schemas of server/routing/rules.ts, with tidy lists. */
export const ruleInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  match: ruleMatchSchema.extend({ keyTags: trimmedList(50).optional(), userIds: trimmedList(200).optional(), models: trimmedList(200).optional() }),
  action: ruleActionSchema.superRefine((action, ctx) => {
    if (action.type === "providers")
      for (const p of action.only)
        if (!isProviderId(p)) ctx.addIssue({ code: "custom", path: ["only"], message: `unknown provider '${p}'` });
  }),
  enabled: z.boolean().default(true),
});

export type RuleInput = z.infer<typeof ruleInputSchema>;

export class RuleInputError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = "RuleInputError";
  }
}
