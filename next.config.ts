import type { NextConfig } from "next";

const config: NextConfig = {
  // A separate build folder lets several checkouts' test servers run side by side.
  distDir: process.env.QUEUEDECK_DIST_DIR ?? ".next",
  // Broker clients and the SQLite driver run as plain Node modules on the server.
  serverExternalPackages: ["better-sqlite3", "amqplib", "kafkajs", "bullmq", "ioredis"],
  poweredByHeader: false,
  reactStrictMode: true,
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
    ];
  },
};

export default config;
