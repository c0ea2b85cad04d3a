// `npm start`, before the server: check the configuration (a second, not a build), then build only
// when the last build was made from other inputs (scripts/build-inputs.mjs), recording the inputs'
// hash beside the build once it succeeds. An unchanged tree goes straight to the server.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tsImport } from "tsx/esm/api";
import { buildInputsHash } from "./build-inputs.mjs";

const root = process.cwd();
const { checkConfig } = await tsImport("./check-config.ts", import.meta.url);
if (!checkConfig()) process.exit(1);

const stamp = path.join(root, ".next", "keygate-build-inputs");
const { hash } = buildInputsHash(root);
const built = existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === hash;
if (built && process.env.KEYGATE_FORCE_BUILD !== "1") {
  console.log("[keygate] the build is up to date with the sources, lockfile and config: starting");
  process.exit(0);
}

console.log(existsSync(path.join(root, ".next", "BUILD_ID")) ? "[keygate] the sources changed since the last build: building" : "[keygate] no build yet: building");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(npm, ["run", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stamp, `${hash}\n`);
