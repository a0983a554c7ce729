import { z } from "zod";
import { worstCaseEmbeddings } from "../billing/hold";
import { embeddingsRequestSchema } from "../providers/openai";
import type { EmbeddingsResult } from "../providers/types";
import { ignoredFields, noticingUnknownFields } from "./ignored-fields";
import type { Endpoint } from "./pipeline/endpoint";
import { routeHeaders } from "./pipeline/route-headers";
import { sendJson } from "./sink";

/**
 * The official SDKs ask for `encoding_format: "base64"` by default (and decode it), so it is accepted here:
 * the vector as little-endian float32 bytes in base64, as OpenAI sends it. Unknown fields (`dimensions`,
 * OpenRouter's `provider`…) are accepted, ignored and named in `x-xrouter-dropped-params`.
 */
const requestSchema = noticingUnknownFields(embeddingsRequestSchema.extend({ encoding_format: z.enum(["float", "base64"]).optional() }));
type EmbeddingsRequest = z.output<typeof requestSchema>;

const encodeVector = (vector: number[], format: "float" | "base64" | undefined): number[] | string =>
  format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;

const inputsOf = (req: EmbeddingsRequest) => (typeof req.input === "string" ? [req.input] : req.input);

/** POST /embeddings: one OpenAI response whatever fan-out the provider needs, routed like chat. */
export const embeddingsEndpoint: Endpoint<EmbeddingsRequest, EmbeddingsResult> = {
  name: "embeddings",
  schema: requestSchema,
  planInput: (req, principal, catalog) => ({
    model: req.model,
    needs: { kind: "embedding", tools: false, json: false, contextTokens: 0 },
    principal,
    catalog,
  }),
  worstCase: (req) => worstCaseEmbeddings(inputsOf(req)),
  call: (req, route, call) => route.account.adapter.embeddings(route.upstreamModel, inputsOf(req), call),
  deliver: async (_run, done) => ({
    usage: { prompt_tokens: done.value.promptTokens, completion_tokens: 0, total_tokens: done.value.promptTokens },
    status: 200,
  }),
  complete(run, done, outcome, costMicro) {
    sendJson(
      run.sink,
      200,
      embeddingsBody(run.req, done.value.vectors, done.route.model.id, outcome.usage.prompt_tokens, costMicro),
      routeHeaders(run, done.route, done.attempts, ignoredFields(run.req)),
    );
  },
  // Cached whenever the key's cache is on: the same input always embeds the same.
  cache: {
    keep: (_run, done) => done.value.vectors,
    replay({ req, sink, answer, headers }, costMicro) {
      const ignored = ignoredFields(req);
      if (ignored.length) headers["x-xrouter-dropped-params"] = ignored.join(",");
      sendJson(sink, 200, embeddingsBody(req, answer.body as number[][], answer.model, answer.usage.prompt_tokens, costMicro), headers);
    },
  },
};

function embeddingsBody(req: EmbeddingsRequest, vectors: number[][], model: string, promptTokens: number, costMicro: number) {
  return {
    object: "list",
    data: vectors.map((vector, index) => ({ object: "embedding", index, embedding: encodeVector(vector, req.encoding_format) })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens, cost: costMicro / 1_000_000, cost_rub: costMicro / 1_000_000 },
  };
}
