import { defineConfig } from "@playwright/test";
import { BASE_URL, PORT, STORAGE_STATE, UPSTREAM_PORT } from "./e2e/support/config";
import { assertLocalDatabase } from "./e2e/support/local-database";

// End-to-end tests drive the production build in a real Chromium (Debian's by default: Playwright's
// own download cannot reach its CDN here). One server, one database and shared settings such as
// "Enable Authentication": the specs run one after another.
assertLocalDatabase(process.env.E2E_DATABASE_URL);


export default defineConfig({
  testDir: "e2e",
  testMatch: /.*\.(spec|setup)\.ts$/,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts$/ },
    {
      name: "chromium",
      testMatch: /.*\.spec\.ts$/,
      dependencies: ["setup"],
      use: { storageState: STORAGE_STATE, permissions: ["clipboard-read", "clipboard-write"], viewport: { width: 1280, height: 860 } },
    },
  ],
  webServer: [
    {
      command: `node --import tsx scripts/mock-upstream.ts ${UPSTREAM_PORT}`,
      url: `http://127.0.0.1:${UPSTREAM_PORT}/v1/models`,
      reuseExistingServer: false,
      stdout: "ignore",
      timeout: 30_000,
    },
    {
      command: "node --import tsx scripts/e2e-server.ts",
      url: `${BASE_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      env: {
        NODE_ENV: "production",
        PORT: String(PORT),
        HOST: "127.0.0.1",
        USAGE_FLUSH_MS: "100",
        // Nothing from the developer's own environment may shape the server under test.
        PUBLIC_URL: "",
        NEXTAUTH_URL: "",
        ADMIN_EMAIL: "",
        ADMIN_PASSWORD: "",
        ADMIN_TOKEN: "",
        UPSTREAM_BASE_URL: "",
        UPSTREAM_API_KEY: "",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  ],
});
