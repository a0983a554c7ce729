import { cacheKeyHash } from "./cache-key";

/** Longer last messages skip the semantic cache: they are rarely near-duplicates, and embedders' inputs are short. */
export const MAX_SEMANTIC_CHARS = 2_000;

/** What a semantic lookup compares: the last user message's text, among requests of the same bucket. */
export interface SemanticQuery {
  text: string;
  /** SHA-256 of the endpoint and the request without the last message's content: everything else must be equal. */
  bucket: string;
}

type Part = { type?: unknown; text?: unknown };

/** A message's text when it is text only (a string, or text parts joined by newlines); undefined otherwise. */
function textOf(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (!Array.isArray(content) || content.length === 0) return undefined;
  const parts = content as Part[];
  if (!parts.every((part) => part.type === "text" && typeof part.text === "string")) return undefined;
  return parts.map((part) => part.text as string).join("\n");
}

/**
 * The semantic side of a request: set for a chat request (one with `messages`) whose last message is the user's
 * text, not blank and at most MAX_SEMANTIC_CHARS long. The bucket keeps every other cache-relevant field of the
 * exact cache key (model, parameters, tools, the earlier messages, the last message's role and name).
 */
export function semanticQuery(endpoint: string, req: object): SemanticQuery | undefined {
  const messages = (req as { messages?: unknown }).messages;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  const last = messages.at(-1) as { role?: unknown; content?: unknown };
  if (last.role !== "user") return undefined;
  const text = textOf(last.content);
  if (text === undefined || text.trim() === "" || text.length > MAX_SEMANTIC_CHARS) return undefined;
  const rest = { ...req, messages: [...messages.slice(0, -1), { ...last, content: undefined }] };
  return { text, bucket: cacheKeyHash(`${endpoint}#semantic`, rest) };
}
