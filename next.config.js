/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pino", "@node-rs/argon2", "ioredis"],
  poweredByHeader: false,
  // `/v1/*` is the short form of `/api/v1/*` (server.ts does the same for the production server).
  async rewrites() {
    return [{ source: "/v1/:path*", destination: "/api/v1/:path*" }];
  },
};

export default nextConfig;
