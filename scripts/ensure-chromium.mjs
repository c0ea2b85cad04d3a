// Makes sure a Chromium for the e2e suite exists (Playwright's own download cannot reach its CDN here).
// CHROMIUM_PATH overrides the default Debian location; as root a missing Chromium is installed with apt.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (path === "/usr/bin/chromium" && isRoot) {
  console.log("[e2e] Chromium not found: installing Debian's chromium package with apt-get");
  try {
    execFileSync("apt-get", ["update"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  } catch (error) {
    console.error(`[e2e] apt-get could not install chromium: ${error.message}`);
    process.exit(1);
  }
  if (existsSync(path)) process.exit(0);
}

console.error(
  [
    `[e2e] No Chromium at ${path}.`,
    "Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`),",
    "or point CHROMIUM_PATH at a Chromium or Chrome binary,",
    "or run `npx playwright install chromium` and set CHROMIUM_PATH to the browser it installed.",
  ].join("\n"),
);
process.exit(1);
