/** The quickstart's code, for a base URL like `https://xrouter.example/api/v1`. */
export function snippets(baseUrl: string, chatModel: string, embeddingModel: string) {
  return {
    env: `export XROUTER_API_KEY="xr-..."`,
    cli: `npx xrouter key create --email you@example.com --name laptop`,
    curl: `curl ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer $XROUTER_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{
    "model": "${chatModel}",
    "messages": [{"role": "user", "content": "Привет! Расскажи о себе."}]
  }'`,
    python: `# pip install openai
import os
from openai import OpenAI

client = OpenAI(
    base_url="${baseUrl}",
    api_key=os.environ["XROUTER_API_KEY"],
)

completion = client.chat.completions.create(
    model="${chatModel}",
    messages=[{"role": "user", "content": "Привет! Расскажи о себе."}],
)
print(completion.choices[0].message.content)
print(completion.usage)  # usage.cost_rub — стоимость в рублях / the cost in RUB`,
    javascript: `// npm install openai
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "${baseUrl}",
  apiKey: process.env.XROUTER_API_KEY,
});

const completion = await client.chat.completions.create({
  model: "${chatModel}",
  messages: [{ role: "user", content: "Привет! Расскажи о себе." }],
});
console.log(completion.choices[0].message.content);`,
    aiSdk: `// npm install ai @ai-sdk/openai-compatible
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, streamText } from "ai";

const xrouter = createOpenAICompatible({
  name: "xrouter",
  baseURL: "${baseUrl}",
  apiKey: process.env.XROUTER_API_KEY,
  includeUsage: true,
});

const { text } = await generateText({
  model: xrouter("${chatModel}"),
  prompt: "Привет! Расскажи о себе.",
});
console.log(text);

// Or with @ai-sdk/openai: createOpenAI({ baseURL, apiKey }).chat("${chatModel}")
const result = streamText({ model: xrouter("${chatModel}"), prompt: "Сосчитай до пяти" });
for await (const delta of result.textStream) process.stdout.write(delta);`,
    langchainJs: `// npm install @langchain/openai
import { ChatOpenAI } from "@langchain/openai";

const llm = new ChatOpenAI({
  model: "${chatModel}",
  apiKey: process.env.XROUTER_API_KEY,
  configuration: { baseURL: "${baseUrl}" },
});

const reply = await llm.invoke("Привет! Расскажи о себе.");
console.log(reply.content);`,
    langchainPython: `# pip install langchain-openai
import os
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(
    model="${chatModel}",
    base_url="${baseUrl}",
    api_key=os.environ["XROUTER_API_KEY"],
)
print(llm.invoke("Привет! Расскажи о себе.").content)`,
    streamCurl: `curl -N ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer $XROUTER_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{
    "model": "${chatModel}",
    "stream": true,
    "stream_options": {"include_usage": true},
    "messages": [{"role": "user", "content": "Сосчитай до пяти"}]
  }'`,
    streamPython: `stream = client.chat.completions.create(
    model="${chatModel}",
    messages=[{"role": "user", "content": "Сосчитай до пяти"}],
    stream=True,
    stream_options={"include_usage": True},
)
for chunk in stream:
    if chunk.choices:
        print(chunk.choices[0].delta.content or "", end="", flush=True)
    elif chunk.usage:  # the last chunk: choices == [] and usage (with cost_rub)
        print("\\n", chunk.usage)`,
    tools: `import json

tools = [{
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Погода в городе",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}]
messages = [{"role": "user", "content": "Какая погода в Москве?"}]

first = client.chat.completions.create(model="${chatModel}", messages=messages, tools=tools)
call = first.choices[0].message.tool_calls[0]
args = json.loads(call.function.arguments)  # arguments is always a JSON string

messages.append(first.choices[0].message)
messages.append({"role": "tool", "tool_call_id": call.id,
                 "content": json.dumps({"city": args["city"], "temp_c": -3})})

final = client.chat.completions.create(model="${chatModel}", messages=messages, tools=tools)
print(final.choices[0].message.content)`,
    embeddingsPython: `result = client.embeddings.create(
    model="${embeddingModel}",
    input=["Первый документ", "Второй документ"],
)
print(len(result.data), len(result.data[0].embedding))`,
    embeddingsCurl: `curl ${baseUrl}/embeddings \\
  -H "Authorization: Bearer $XROUTER_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "${embeddingModel}", "input": ["Первый документ", "Второй документ"]}'`,
    generation: `curl "${baseUrl}/generation?id=chatcmpl-..." \\
  -H "Authorization: Bearer $XROUTER_API_KEY"`,
    models: `curl ${baseUrl}/models`,
  };
}
