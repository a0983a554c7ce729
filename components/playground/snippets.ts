/** The playground's current request, as the public API would receive it. */
export interface SnippetRequest {
  model: string;
  messages: { role: "system" | "user" | "assistant"; content: string }[];
  temperature?: number;
  maxTokens?: number;
}

export type SnippetLanguage = "curl" | "python" | "javascript";

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

const indent = (text: string, spaces: number) => text.replace(/\n/g, `\n${" ".repeat(spaces)}`);

/** The same request as curl, Python (openai) and JavaScript (openai), reading the key from $XROUTER_API_KEY. */
export function buildSnippets(baseURL: string, req: SnippetRequest): Record<SnippetLanguage, string> {
  const messages = JSON.stringify(req.messages, null, 2);
  const body = {
    model: req.model,
    messages: req.messages,
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
    stream: true,
  };
  const curl = [
    `curl -N ${baseURL}/chat/completions \\`,
    `  -H "Authorization: Bearer $XROUTER_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d ${shellQuote(JSON.stringify(body, null, 2))}`,
  ].join("\n");

  const pyArgs = [
    `    model=${JSON.stringify(req.model)},`,
    `    messages=${indent(messages, 4)},`,
    ...(req.temperature !== undefined ? [`    temperature=${req.temperature},`] : []),
    ...(req.maxTokens !== undefined ? [`    max_tokens=${req.maxTokens},`] : []),
    `    stream=True,`,
  ];
  const python = [
    "import os",
    "from openai import OpenAI",
    "",
    `client = OpenAI(base_url=${JSON.stringify(baseURL)}, api_key=os.environ["XROUTER_API_KEY"])`,
    "",
    "stream = client.chat.completions.create(",
    ...pyArgs,
    ")",
    "for chunk in stream:",
    "    if chunk.choices and chunk.choices[0].delta.content:",
    '        print(chunk.choices[0].delta.content, end="", flush=True)',
  ].join("\n");

  const jsArgs = [
    `  model: ${JSON.stringify(req.model)},`,
    `  messages: ${indent(messages, 2)},`,
    ...(req.temperature !== undefined ? [`  temperature: ${req.temperature},`] : []),
    ...(req.maxTokens !== undefined ? [`  max_tokens: ${req.maxTokens},`] : []),
    `  stream: true,`,
  ];
  const javascript = [
    'import OpenAI from "openai";',
    "",
    `const client = new OpenAI({ baseURL: ${JSON.stringify(baseURL)}, apiKey: process.env.XROUTER_API_KEY });`,
    "",
    "const stream = await client.chat.completions.create({",
    ...jsArgs,
    "});",
    "for await (const chunk of stream) {",
    '  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");',
    "}",
  ].join("\n");

  return { curl, python, javascript };
}
