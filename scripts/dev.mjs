// `npm run dev`: the same configuration check as `npm start`, then `next dev` on HOST and PORT with
// Next.js telemetry off (it would try to reach the network).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

// Run from the project's root wherever it is called from: tsx finds the `@/` paths in its tsconfig.
process.chdir(fileURLToPath(new URL("..", import.meta.url)));
const { checkConfig } = await tsImport("./check-config.ts", import.meta.url);
const env = checkConfig();
if (!env) process.exit(1);

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const child = spawn(process.execPath, [nextBin, "dev", "--hostname", env.HOST, "--port", String(env.PORT)], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
