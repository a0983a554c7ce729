import { getCatalog } from "../../core/catalog";
import { RuleInputError, type RuleInput } from "./rule-input";

/** A split must send traffic to a model that exists. */
export async function checkRule(input: Pick<RuleInput, "action">): Promise<void> {
  if (input.action.type === "split" && !(await getCatalog()).has(input.action.to)) throw new RuleInputError(`unknown model '${input.action.to}'`);
}
