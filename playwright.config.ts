import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.QUEUEDECK_E2E_PORT ?? 3100);
export const E2E_ADMIN_PASSWORD = "e2e-admin-password";

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browsers on these machines.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: `rm -rf .cache/e2e-data-${PORT} && node node_modules/next/dist/bin/next start -p ${PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      QUEUEDECK_DATA_DIR: `.cache/e2e-data-${PORT}`,
      QUEUEDECK_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      QUEUEDECK_COLLECTOR_INTERVAL_MS: "1000",
    },
  },
});
