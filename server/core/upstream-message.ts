import { isIP } from "node:net";

/** Long enough for a validation message ("maximum context length is …"), short enough to hide a page of HTML. */
const MAX_LENGTH = 200;
/** What is looked at: the rules below are not linear in the worst case, and only the start is shown anyway. */
const MAX_INPUT = 2_000;

/** Top-level names seen on public and internal hosts; a two-label name ending otherwise is probably not a host. */
const HOST_SUFFIXES = new Set([
  "ru", "su", "com", "net", "org", "io", "ai", "dev", "cloud", "tech", "app", "local", "localdomain", "internal",
  "intranet", "corp", "lan", "home", "svc", "cluster", "example", "test", "invalid",
]);

const secretNames = String.raw`api[_-]?key|access[_-]?token|refresh[_-]?token|token|secret|client[_-]?secret|password|passwd|credentials?|authorization|[a-z]+_id`;

/** Applied in order: URLs first, since they hold hosts, ports, paths and secrets at once. */
const RULES: [RegExp, string | ((match: string) => string)][] = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, "[url]"],
  [/\b(Bearer|Basic|Api-Key|OAuth)\s+[^\s"',;]+/gi, "$1 [redacted]"],
  [new RegExp(String.raw`\b(${secretNames})(["']?\s*[:=]\s*["']?)(?!(?:Bearer|Basic|Api-Key|OAuth)\s)[^\s"'&,;:}]+`, "gi"), "$1$2[redacted]"],
  [/\b(?:sk|xr|pk)-[\w*.-]{8,}/g, "[redacted]"],
  // Tokens, keys and hashes: long runs of base64, base64url or hex.
  [/[A-Za-z0-9+/_-]{32,}={0,2}/g, "[redacted]"],
  [/\[[0-9a-f.]*:[0-9a-f:.]*\](?::\d+)?/gi, "[address]"],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, "[address]"],
  [/(?<![\w:])[0-9a-f]*:[0-9a-f:.]*:[0-9a-f.]*(?![\w:])/gi, (match) => (isIP(match) === 6 ? "[address]" : match)],
  [/(?<![\w.-])(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*:\d{1,5}\b/gi, "[address]"],
  [
    /(?<![\w.-])(?:[a-z0-9-]+\.)+[a-z]{2,63}(?![\w-])|\blocalhost\b/g,
    (match) => {
      const labels = match.split(".");
      return match === "localhost" || labels.length >= 3 || HOST_SUFFIXES.has(labels.at(-1)!) ? "[host]" : match;
    },
  ],
  [/(?<![\w.:/-])(?:\/[\w.@%+~-]+){2,}\/?/g, "[path]"],
  [/\b[A-Za-z]:\\[^\s"']+/g, "[path]"],
];

/**
 * What a caller may read of an upstream's error: the upstream's own words (a validation message stays useful) with
 * hosts, ports, URLs, paths and anything that looks like a secret replaced, on one line, at most 200 characters.
 * The full text is for the log and the admins' view of the attempt.
 */
export function publicUpstreamMessage(text: string): string {
  let out = text.slice(0, MAX_INPUT).replace(/[\u0000-\u001f\u007f]+/g, " ");
  for (const [pattern, replacement] of RULES)
    out = typeof replacement === "string" ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  out = out.replace(/\s+/g, " ").trim();
  return out.length > MAX_LENGTH ? `${out.slice(0, MAX_LENGTH).trimEnd()}…` : out;
}
