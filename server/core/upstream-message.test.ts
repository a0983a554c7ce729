import { describe, expect, it } from "vitest";
import { UpstreamError } from "./upstream-error";
import { toGatewayError } from "./errors";
import { publicUpstreamMessage } from "./upstream-message";

describe("publicUpstreamMessage", () => {
  it.each([
    ["upstream unreachable: connect ECONNREFUSED 10.20.30.40:8000", "upstream unreachable: connect ECONNREFUSED [address]"],
    ["upstream unreachable: connect ECONNREFUSED ::1:8000", "upstream unreachable: connect ECONNREFUSED [address]"],
    ["upstream unreachable: connect ETIMEDOUT [fd00:ec2::254]:443", "upstream unreachable: connect ETIMEDOUT [address]"],
    ["upstream unreachable: getaddrinfo ENOTFOUND vllm-01.gpu.internal", "upstream unreachable: getaddrinfo ENOTFOUND [host]"],
    ["upstream unreachable: connect ECONNREFUSED localhost:11434", "upstream unreachable: connect ECONNREFUSED [address]"],
    ["proxy error: see https://gw.corp.example.ru:8443/status?token=abc for details", "proxy error: see [url] for details"],
    ["model weights missing at /srv/models/t-pro/config.json", "model weights missing at [path]"],
    ["Incorrect API key provided: sk-live-abcdefghijklmnopqrstuvwx", "Incorrect API key provided: [redacted]"],
    ["auth failed, Authorization: Bearer eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl", "auth failed, Authorization: Bearer [redacted]"],
    ["bad request api_key=AQVN1234567890abcdefghijklmnopqrstuv&x=1", "bad request api_key=[redacted]&x=1"],
    [
      "Error in session internal_id=7f1c&request_id=0d2e&folder_id=b1gabcdefghijklmnopq: quota exceeded",
      "Error in session internal_id=[redacted]&request_id=[redacted]&folder_id=[redacted]: quota exceeded",
    ],
  ])("sanitises %j", (raw, expected) => {
    expect(publicUpstreamMessage(raw)).toBe(expected);
  });

  it("keeps validation messages useful", () => {
    for (const text of [
      "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens (8000 in the messages, 1000 in the completion).",
      "number of input tokens must be no more than 32768, got 59830",
      "Invalid 'messages[0].content': string too long. Expected a string with maximum length 1048576.",
      "response_format.json_schema.strict must be a boolean",
      "The model `t-tech/T-pro-it-2.0` does not exist.",
      "temperature must be between 0 and 2 (got 2.5)",
    ])
      expect(publicUpstreamMessage(text)).toBe(text);
  });

  it("drops control characters and caps the length", () => {
    expect(publicUpstreamMessage("a\u0000b\nc\td")).toBe("a b c d");
    const long = publicUpstreamMessage("word ".repeat(200));
    expect(long.length).toBeLessThanOrEqual(201);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("toGatewayError on upstream errors", () => {
  it("names the provider and the status class, with the sanitised text only", () => {
    const error = toGatewayError(new UpstreamError(502, "upstream unreachable: connect ECONNREFUSED 10.0.0.7:8000", { retryable: true }), "tbank");
    expect(error.message).toBe("upstream provider 'tbank' error (5xx): upstream unreachable: connect ECONNREFUSED [address]");
    const invalid = toGatewayError(new UpstreamError(400, "prompt too long, see https://docs.internal/limits"), "mts");
    expect(invalid.status).toBe(400);
    expect(invalid.message).toBe("upstream provider 'mts' error (4xx): prompt too long, see [url]");
  });

  it("never repeats what an upstream said about our credentials", () => {
    const error = toGatewayError(new UpstreamError(401, "key sk-abcdefghijklmnop1234 is not valid for folder b1gxyz"), "yandex");
    expect(error.status).toBe(502);
    expect(error.message).toBe("upstream provider 'yandex' rejected our credentials (4xx)");
  });
});
