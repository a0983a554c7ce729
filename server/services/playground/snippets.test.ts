import { describe, expect, it } from "vitest";
import { buildSnippets } from "../../../components/playground/snippets";

describe("playground code snippets", () => {
  const snippets = buildSnippets("https://xrouter.example/api/v1", {
    model: "gigachat/GigaChat-2",
    messages: [
      { role: "system", content: "be brief" },
      { role: "user", content: "it's \"quoted\"" },
    ],
    temperature: 0.7,
    maxTokens: 100,
  });

  it("curl posts the same body to the user's base URL with the key from the environment", () => {
    expect(snippets.curl).toContain("curl -N https://xrouter.example/api/v1/chat/completions");
    expect(snippets.curl).toContain('-H "Authorization: Bearer $XROUTER_API_KEY"');
    // The body is single-quoted for the shell; an apostrophe inside is closed, escaped, reopened.
    const quoted = /-d '([\s\S]*)'$/.exec(snippets.curl)![1]!.replace(/'\\''/g, "'");
    expect(JSON.parse(quoted)).toEqual({
      model: "gigachat/GigaChat-2",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "it's \"quoted\"" },
      ],
      temperature: 0.7,
      max_tokens: 100,
      stream: true,
    });
  });

  it("Python and JavaScript use the openai SDK with the same base URL and parameters", () => {
    expect(snippets.python).toContain('OpenAI(base_url="https://xrouter.example/api/v1", api_key=os.environ["XROUTER_API_KEY"])');
    expect(snippets.python).toContain("max_tokens=100,");
    expect(snippets.python).toContain("stream=True,");
    expect(snippets.javascript).toContain('new OpenAI({ baseURL: "https://xrouter.example/api/v1", apiKey: process.env.XROUTER_API_KEY })');
    expect(snippets.javascript).toContain("temperature: 0.7,");
    expect(snippets.javascript).toContain('model: "gigachat/GigaChat-2",');
  });

  it("leaves out parameters that are not set", () => {
    const plain = buildSnippets("http://localhost:3000/api/v1", { model: "m", messages: [{ role: "user", content: "hi" }] });
    expect(plain.curl).not.toContain("temperature");
    expect(plain.python).not.toContain("max_tokens");
    expect(plain.javascript).not.toContain("max_tokens");
  });
});
