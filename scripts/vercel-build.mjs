// `npm run vercel-build` (vercel.json's buildCommand): checks the environment, applies the migrations
// to DATABASE_URL (serverless functions never migrate at runtime), then runs `next build`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { vercelBuildProblem } from "./vercel-build-env.mjs";

process.chdir(fileURLToPath(new URL("..", import.meta.url)));
const problem = vercelBuildProblem(process.env);
if (problem) {
  console.error(problem);
  process.exit(1);
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
for (const script of ["db:migrate", "build"]) {
  const result = spawnSync(npm, ["run", script], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    console.error(`vercel-build: npm run ${script} failed${result.status === null ? "" : ` (exit code ${result.status})`}`);
    process.exit(result.status || 1);
  }
}
