import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { vercelBuildProblem } from "./vercel-build-env.mjs";

const SECRET = "x".repeat(32);
const URL = "postgresql://user:pw@db.example.com:5432/keygate?sslmode=require";

describe("vercel-build's environment check", () => {
  it("passes with a PostgreSQL URL and a long enough APP_SECRET", () => {
    expect(vercelBuildProblem({ DATABASE_URL: URL, APP_SECRET: SECRET })).toBeNull();
    expect(vercelBuildProblem({ DATABASE_URL: "postgres://u@h/db", APP_SECRET: SECRET })).toBeNull();
  });

  it("names what is missing or wrong, in one line", () => {
    const cases = [
      [{ APP_SECRET: SECRET }, /DATABASE_URL is not set/],
      [{ DATABASE_URL: "  ", APP_SECRET: SECRET }, /DATABASE_URL is not set/],
      [{ DATABASE_URL: "mysql://u@h/db", APP_SECRET: SECRET }, /DATABASE_URL must be a postgresql:\/\/ URL/],
      [{ DATABASE_URL: URL }, /APP_SECRET is not set/],
      [{ DATABASE_URL: URL, APP_SECRET: "short" }, /APP_SECRET must be at least 32 characters/],
    ] as const;
    for (const [env, message] of cases) {
      const problem = vercelBuildProblem(env);
      expect(problem).toMatch(message);
      expect(problem).not.toContain("\n");
    }
  });

  it("the script stops with that line before migrating or building", () => {
    const result = spawnSync(process.execPath, ["scripts/vercel-build.mjs"], { env: { PATH: process.env.PATH, NODE_ENV: "test", APP_SECRET: SECRET }, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^vercel-build: DATABASE_URL is not set[^\n]*$/);
    expect(result.stdout).toBe("");
  });
});
