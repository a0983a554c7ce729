/**
 * `npm run cache:semantic-eval`: the semantic cache's hit and false-hit rates on the Russian test set (pairs.ts).
 * Without arguments it uses the demo emulators' embedding (GigaChat's 1024 dimensions), as docs/api/cache.md
 * states. To measure a real model, point it at a running gateway with a key:
 *   npm run cache:semantic-eval -- --url https://xrouter.example/api/v1 --key xr-… --model gigachat/Embeddings
 * (the texts go in batches of POST /embeddings, billed to the key as usual).
 */
import { parseArgs } from "node:util";
import { emulatedEmbedding } from "../../../providers/emulator/embedding";
import { DEFAULT_SEMANTIC_THRESHOLD } from "../semantic-threshold";
import { evalTable, measureSemantic, type Embed } from "./measure";

const EMULATOR_DIMENSIONS = 1024;

const { values } = parseArgs({ options: { url: { type: "string" }, key: { type: "string" }, model: { type: "string" } } });

/** Texts per POST /embeddings. */
const BATCH = 16;

function gatewayEmbed(url: string, key: string, model: string): Embed {
  const post = async (input: string[]) => {
    const res = await fetch(`${url.replace(/\/+$/, "")}/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-xrouter-cache": "bypass" },
      body: JSON.stringify({ model, input, encoding_format: "float" }),
    });
    if (!res.ok) throw new Error(`POST /embeddings answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { data: { index: number; embedding: number[] }[] };
    return body.data.sort((a, b) => a.index - b.index).map((d) => d.embedding);
  };
  return async (texts) => {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH) vectors.push(...(await post(texts.slice(i, i + BATCH))));
    return vectors;
  };
}

if ((values.url === undefined) !== (values.key === undefined) || (values.url && !values.model)) {
  process.stderr.write("usage: cache:semantic-eval [-- --url <gateway /api/v1 URL> --key <API key> --model <embedding model>]\n");
  process.exit(2);
}
const embed: Embed = values.url
  ? gatewayEmbed(values.url, values.key!, values.model!)
  : async (texts) => texts.map((text) => emulatedEmbedding(text, EMULATOR_DIMENSIONS));
const result = await measureSemantic(embed);
process.stdout.write(`embedding: ${values.url ? `${values.model} via ${values.url}` : `the demo emulators' (${EMULATOR_DIMENSIONS} dimensions)`}\n`);
process.stdout.write(`${evalTable(result, DEFAULT_SEMANTIC_THRESHOLD).join("\n")}\n`);
