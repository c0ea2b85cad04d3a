/** Shared by playwright.config.ts and the specs. */
export const PORT = Number(process.env.E2E_PORT ?? 8390);
export const UPSTREAM_PORT = Number(process.env.E2E_UPSTREAM_PORT ?? 8391);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const UPSTREAM_URL = `http://127.0.0.1:${UPSTREAM_PORT}/v1`;
export const STORAGE_STATE = "e2e/.auth/admin.json";
export const SCREENSHOT_DIR = "test-results/screenshots";

export const ADMIN = { email: "admin@keygate.test", password: "correct horse battery staple" } as const;
