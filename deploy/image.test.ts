/**
 * What the Dockerfile promises, read from the file (this machine cannot pull base images to build it): stages on
 * Node 24, a runtime stage whose node_modules comes from `npm ci --omit=dev`, a non-root user, a health check, and
 * package.json's start command.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** The stages of a Dockerfile: continuation lines joined, comments dropped. */
function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === "FROM") {
      const [, image = "", name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ image, name, instructions: [] });
    } else stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

const dockerfile = parseDockerfile(readFileSync(path.join(ROOT, "Dockerfile"), "utf8"));
const runtime = dockerfile.at(-1)!;
const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
/** COPY --from=<stage> sources and destination of the runtime stage. */
const copies = all(runtime, "COPY").map((args) => {
  const parts = args.split(/\s+/);
  const from = parts.find((p) => p.startsWith("--from="))?.slice("--from=".length);
  const paths = parts.filter((p) => !p.startsWith("--"));
  return { from, sources: paths.slice(0, -1), destination: paths.at(-1)! };
});

describe("the Dockerfile", () => {
  it("builds in stages, every one on Node 24", () => {
    expect(dockerfile.length).toBeGreaterThanOrEqual(2);
    for (const stage of dockerfile) expect(stage.image).toMatch(/^node:24([.-]|$)/);
  });

  it("runs as a non-root user", () => {
    const user = all(runtime, "USER").at(-1);
    expect(user).toBeDefined();
    const name = user!.split(":")[0]!;
    expect(["root", "0"]).not.toContain(name);
  });

  it("checks its health on /api/health", () => {
    expect(all(runtime, "HEALTHCHECK").join(" ")).toMatch(/CMD .*\/api\/health/);
  });

  it("takes node_modules from `npm ci --omit=dev` alone: no dev dependency reaches the runtime", () => {
    const modules = copies.filter((c) => c.sources.some((s) => /(^|\/)node_modules\/?$/.test(s)));
    expect(modules).toHaveLength(1);
    const source = dockerfile.find((s) => s.name === modules[0]!.from);
    expect(all(source!, "RUN").join(" ")).toMatch(/npm ci\b[^&;]*--omit=dev/);
    // From the full build only what it made: the server bundle (node_modules/.cache), .next, the sources.
    for (const copy of copies.filter((c) => c.from !== modules[0]!.from))
      for (const source of copy.sources) expect(source).not.toMatch(/(^|\/)node_modules\/(?!\.cache\/)/);
    expect(
      copies.filter((c) => !c.from),
      "nothing from the build context",
    ).toEqual([]);
    expect(all(runtime, "RUN").join(" ")).not.toMatch(/npm (ci|install|i)\b/);
  });

  it("starts as package.json's start script does, without npm in between", () => {
    const start = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } })
      .scripts.start;
    expect(JSON.parse(all(runtime, "CMD").at(-1)!)).toEqual(start.split(/\s+/));
  });

  it("keeps local data, secrets and git history out of the build context", () => {
    const ignored = readFileSync(path.join(ROOT, ".dockerignore"), "utf8").split("\n");
    for (const entry of ["node_modules", ".next", ".data*", ".env", ".git"]) expect(ignored).toContain(entry);
  });
});
