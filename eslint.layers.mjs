// The layers of the code base, top to bottom: a module may import its own layer and the layers below it, never
// one above. docs/architecture.md explains what lives where.
const LAYERS = [
  { name: "entry", paths: ["app", "server.ts", "proxy.ts", "instrumentation.ts", "server/cli", "server/testing", "scripts", "bench", "e2e"] },
  { name: "components", paths: ["components"] },
  { name: "composition", paths: ["server/api", "server/runtime"] },
  { name: "services", paths: ["server/services", "server/auth"] },
  { name: "gateway", paths: ["server/gateway"] },
  {
    name: "domain",
    paths: ["server/routing", "server/billing", "server/providers", "server/payments", "server/oauth", "server/health", "server/metrics", "server/legal"],
  },
  { name: "core", paths: ["server/core"] },
  {
    name: "base",
    paths: ["server/db", "server/store", "server/logging", "server/net", "server/infra", "server/cache", "server/config.ts", "server/ids.ts", "server/money.ts", "server/process-alive.ts", "server/secret-file.ts"],
  },
];

/** One `import/no-restricted-paths` zone per layer: it may not import from any layer above it. */
export const layerZones = LAYERS.flatMap((layer, index) =>
  index === 0
    ? []
    : layer.paths.map((target) => ({
        target: `./${target}`,
        from: LAYERS.slice(0, index).flatMap((above) => above.paths.map((p) => `./${p}`)),
        message: `the ${layer.name} layer imports only from its own layer and those below it (docs/architecture.md)`,
      })),
);
