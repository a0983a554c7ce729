# The production image: Node 24, `npm start`'s command (node:http + Next on PORT) as a non-root user, no dev
# dependencies. docs/deployment.md explains it; deploy/image.test.ts checks what this file promises.
#
# Not Next's `output: "standalone"`: the server is server.ts (precompiled by scripts/build-server.mjs), whose
# packages (pg, ioredis, pino, ws, undici, prom-client, the embedded PGlite …) stay external to the bundle and are not
# in Next's file trace, and the `xrouter` CLI runs the TypeScript sources through tsx. So the runtime gets a pruned
# `npm ci --omit=dev` node_modules, the build's output and the server sources (start.mjs checks the bundle against
# them; the CLI runs them).

# Production dependencies only, from the lockfile.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Every dependency: next build, then the server bundle (node_modules/.cache/xrouter-server) that `npm start` runs.
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# .next/cache is the build's own cache, of no use at run time.
RUN npm run build && rm -rf .next/cache

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 XROUTER_DATA_DIR=/data NEXT_TELEMETRY_DISABLED=1 HOME=/tmp
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/node_modules/.cache/xrouter-server ./node_modules/.cache/xrouter-server
COPY --from=build /app/.next ./.next
COPY --from=build /app/package.json /app/next.config.js /app/tsconfig.json /app/server.ts ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/server ./server
COPY --from=build /app/drizzle ./drizzle
# The code belongs to root and is read-only to the server; it writes only to /data (embedded database, generated
# secret, charge journal: used without DATABASE_URL / REDIS_URL), /app/.next/cache and /tmp. The bundle is touched
# last so `npm start` finds it newer than every source and never rebuilds it (a read-only root file system could not).
RUN groupadd --system --gid 10001 xrouter \
  && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --shell /usr/sbin/nologin xrouter \
  && mkdir -p /data /app/.next/cache \
  && chown 10001:10001 /data /app/.next/cache \
  && touch node_modules/.cache/xrouter-server/*
USER 10001:10001
EXPOSE 3000 9464
# Liveness, as the Kubernetes probes ask it (there is no curl in the slim image).
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# package.json's start script (64 MiB semi-spaces, no allocation-site pretenuring, no memory reducer: docs/speed.md), without npm in between so
# SIGTERM reaches the server.
CMD ["node", "--max-semi-space-size=64", "--no-allocation-site-pretenuring", "--no-memory-reducer", "scripts/start.mjs"]
