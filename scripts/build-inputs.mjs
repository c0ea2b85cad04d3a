// What goes into `next build`, as one content hash: a build made from the same sources, lockfile and
// configuration is the same build. File times are not used (a checkout or copy changes them).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const DIRS = ["app", "components", "lib", "public", "prisma"];
const FILES = [
  "instrumentation.ts",
  "middleware.ts",
  "proxy.ts",
  "next.config.mjs",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
// Tests and docs beside the code never reach the build.
const SKIP = /(\.test\.tsx?|\.md)$/;

function walk(root, dir, out) {
  let entries;
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) walk(root, rel, out);
    else if (entry.isFile() && !SKIP.test(entry.name)) out.push(rel);
  }
}

export const STAMP = path.join(".next", "keygate-build-inputs");

/** Whether `root` holds a build made from exactly these inputs. */
export function isBuildCurrent(root, hash) {
  try {
    statSync(path.join(root, ".next", "BUILD_ID"));
    return readFileSync(path.join(root, STAMP), "utf8").trim() === hash;
  } catch {
    return false;
  }
}

/** sha256 over every input's path and content, the Next.js version, and the env the build reads. */
export function buildInputsHash(root = process.cwd()) {
  const files = [];
  for (const dir of DIRS) walk(root, dir, files);
  for (const file of FILES) {
    try {
      if (statSync(path.join(root, file)).isFile()) files.push(file);
    } catch {
      // optional file
    }
  }
  files.sort();
  const hash = createHash("sha256");
  let nextVersion = "unknown";
  try {
    nextVersion = JSON.parse(readFileSync(path.join(root, "node_modules/next/package.json"), "utf8")).version;
  } catch {
    // no next installed: the build fails on its own
  }
  hash.update(`next ${nextVersion}\nnode-env ${process.env.NODE_ENV ?? ""}\n`);
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return { hash: hash.digest("hex"), files: files.length };
}
