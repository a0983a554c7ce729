/** The OpenAPI 3.1 document of the public API (the docs' API reference is generated from it). */
export function openApiDocument() {
  return { openapi: "3.1.0", info: { title: "XRouter API", version: "1" }, paths: {} };
}
