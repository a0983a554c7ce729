# The production image: Node 24, a production build, `npm start` (node:http + Next on PORT).
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# next build, then the precompiled server bundle (node_modules/.cache/xrouter-server) that `npm start` runs.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app /app
RUN useradd --system --uid 10001 xrouter && chown -R xrouter /app
USER xrouter
EXPOSE 3000
# As `npm start` runs it (package.json): a young generation of 64 MiB semi-spaces, see docs/speed.md.
CMD ["node", "--max-semi-space-size=64", "scripts/start.mjs"]
