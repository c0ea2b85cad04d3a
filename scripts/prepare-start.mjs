// `npm start`, before the server: check the configuration (a second, not a build), then build only
// when the last build was made from other inputs (scripts/build-inputs.mjs), recording the inputs'
// hash beside the build once it succeeds. An unchanged tree goes straight to the server.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";
import { buildInputsHash, isBuildCurrent, STAMP } from "./build-inputs.mjs";

// Run from the project's root wherever it is called from: tsx finds the `@/` paths in its tsconfig.
process.chdir(fileURLToPath(new URL("..", import.meta.url)));
const root = process.cwd();
const { checkConfig } = await tsImport("./check-config.ts", import.meta.url);
if (!checkConfig()) process.exit(1);

const { hash } = buildInputsHash(root);
if (isBuildCurrent(root, hash) && process.env.KEYGATE_FORCE_BUILD !== "1") {
  console.log("[keygate] the build is up to date with the sources, lockfile and config: starting");
  process.exit(0);
}

console.log(existsSync(path.join(root, ".next", "BUILD_ID")) ? "[keygate] the sources changed since the last build: building" : "[keygate] no build yet: building");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(npm, ["run", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(path.join(root, STAMP), `${hash}\n`);
