import { badRequest } from "../../core/errors";
import { getCatalog, type CatalogModel } from "../../core/catalog";
import type { Principal } from "../../core/principal";
import { checkToolChoice } from "../../gateway/check-messages";
import { chatRequestSchema, type ChatRequest } from "../../providers/openai";
import { asyncRoutes } from "./async-accounts";

/** Lines an input file may hold (OpenAI allows 50,000; XRouter keeps batches small). */
export const MAX_BATCH_LINES = 1_000;
export const BATCH_ENDPOINT = "/v1/chat/completions";

export interface BatchLine {
  line: number;
  customId: string;
  body: ChatRequest;
}

export interface BatchInput {
  model: CatalogModel;
  lines: BatchLine[];
}

const lineError = (line: number, reason: string) => badRequest(`line ${line}: ${reason}`, null, "invalid_batch_line");

function parseLine(text: string, line: number, seen: Set<string>): BatchLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw lineError(line, "is not valid JSON");
  }
  const {
    custom_id: customId,
    method,
    url,
    body,
  } = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof customId !== "string" || customId === "") throw lineError(line, "custom_id must be a non-empty string");
  if (seen.has(customId)) throw lineError(line, `custom_id '${customId}' is used twice`);
  seen.add(customId);
  if (method !== "POST") throw lineError(line, 'method must be "POST"');
  if (url !== BATCH_ENDPOINT) throw lineError(line, `url must be "${BATCH_ENDPOINT}" (the only endpoint batches run)`);
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw lineError(line, `body.${issue.path.map(String).join(".")}: ${issue.message}`);
  }
  if (parsed.data.stream) throw lineError(line, "body.stream: a batch answers whole completions, not streams");
  if (parsed.data.models?.length) throw lineError(line, "body.models: a batch runs one model, without fallbacks");
  try {
    checkToolChoice(parsed.data);
  } catch (err) {
    throw lineError(line, `body.${(err as Error).message}`);
  }
  return { line, customId, body: parsed.data };
}

/**
 * A batch input file's lines, each checked: OpenAI's request line shape, a valid chat body, one model for the whole
 * file (OpenAI's rule) that the caller's key may use and that an account serves in async mode (only Yandex's
 * completionAsync has one). The first bad line is a 400 naming it and why.
 */
export async function checkBatchInput(content: string, principal: Principal): Promise<BatchInput> {
  const texts = content.split("\n").map((t) => t.trim());
  while (texts.length > 0 && texts.at(-1) === "") texts.pop();
  if (texts.length === 0) throw badRequest("the file has no lines", "file", "invalid_batch_file");
  if (texts.length > MAX_BATCH_LINES)
    throw badRequest(
      `the file has ${texts.length} lines; a batch takes at most ${MAX_BATCH_LINES}`,
      "file",
      "invalid_batch_file",
    );
  const seen = new Set<string>();
  const lines = texts.map((text, i) => parseLine(text, i + 1, seen));
  const catalog = await getCatalog();
  const id = lines[0]!.body.model;
  const model = catalog.get(id);
  for (const { line, body } of lines) {
    if (body.model !== id)
      throw lineError(line, `body.model '${body.model}' differs from line 1's '${id}': a batch runs one model`);
  }
  if (!model || model.kind !== "chat")
    throw lineError(1, `body.model: chat model '${id}' does not exist; GET /api/v1/models lists them`);
  if (principal.allowedModels && !principal.allowedModels.includes(model.id))
    throw lineError(1, `body.model: this key may not use '${id}'`);
  if ((await asyncRoutes(model)).length === 0) {
    throw lineError(
      1,
      `body.model: '${id}' has no async mode here; batches run on Yandex models served by its native API (docs/api/batches.md)`,
    );
  }
  return { model, lines };
}
