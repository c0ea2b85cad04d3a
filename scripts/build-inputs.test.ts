import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script, typed by use here
import { buildInputsHash, isBuildCurrent, STAMP } from "./build-inputs.mjs";

let root: string;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};
const hash = (): string => buildInputsHash(root).hash;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "keygate-inputs-"));
  write("app/page.tsx", "export default function Page() { return null; }");
  write("lib/env.ts", "export const x = 1;");
  write("package.json", "{}");
  write("package-lock.json", "{}");
  write("next.config.mjs", "export default {};");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the build's inputs hash", () => {
  it("depends on content, not file times", () => {
    const before = hash();
    utimesSync(path.join(root, "app/page.tsx"), new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(hash()).toBe(before);
  });

  it("changes with a source, the lockfile, or the config", () => {
    const seen = new Set([hash()]);
    write("lib/env.ts", "export const x = 2;");
    seen.add(hash());
    write("package-lock.json", '{"lockfileVersion": 3}');
    seen.add(hash());
    write("next.config.mjs", "export default { compress: false };");
    seen.add(hash());
    write("app/new/page.tsx", "export default function New() { return null; }");
    seen.add(hash());
    expect(seen.size).toBe(5);
  });

  it("ignores tests and docs beside the code", () => {
    const before = hash();
    write("lib/env.test.ts", "test");
    write("lib/README.md", "docs");
    expect(hash()).toBe(before);
  });

  it("a build counts as current only with its BUILD_ID and the same inputs' hash", () => {
    const current = hash();
    expect(isBuildCurrent(root, current)).toBe(false);
    write(".next/BUILD_ID", "abc");
    expect(isBuildCurrent(root, current)).toBe(false);
    write(STAMP, `${current}\n`);
    expect(isBuildCurrent(root, current)).toBe(true);
    write("app/page.tsx", "export default function Page() { return 1; }");
    expect(isBuildCurrent(root, hash())).toBe(false);
  });
});

describe("npm start's preparation", () => {
  it("a bad setting stops it before any build, with one line naming it (from any directory)", () => {
    const result = spawnSync(process.execPath, [path.join(__dirname, "prepare-start.mjs")], {
      cwd: root,
      env: { ...process.env, PORT: "abc" },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('[keygate] Invalid configuration: PORT must be a whole number from 1 to 65535 (got "abc")');
    // Neither the build nor the inputs' hash was reached.
    expect(result.stdout).toBe("");
    expect(existsSync(path.join(root, ".next"))).toBe(false);
  });
});
