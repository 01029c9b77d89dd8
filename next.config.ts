import type { NextConfig } from "next";
import { API_CSP } from "./server/http/security-headers";

const config: NextConfig = {
  // A separate build folder lets several checkouts' test servers run side by side.
  distDir: process.env.QUEUEDECK_DIST_DIR ?? ".next",
  // Broker clients and the SQLite and PostgreSQL drivers run as plain Node modules on the server.
  serverExternalPackages: ["better-sqlite3", "pg", "amqplib", "kafkajs", "bullmq", "ioredis"],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // Bodies are not read by proxy.ts (its matcher skips API requests that carry one); this only
    // bounds what Next.js would buffer for a page request that does.
    proxyClientMaxBodySize: 2 * 1024 * 1024,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
      {
        // Every API answer, errors and Next.js's own included: never cached (a one-time token,
        // a queue's messages), never rendered. Pages get their CSP, with a nonce, from proxy.ts.
        source: "/api/:path*",
        headers: [
          { key: "Cache-Control", value: "no-store" },
          { key: "Content-Security-Policy", value: API_CSP },
        ],
      },
    ];
  },
};

export default config;
