// The committed migrations must describe src/schema.ts exactly: drizzle-kit, run on a copy,
// must find nothing to generate. Fix a failure with `npm run db:generate`.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";

const pkg = fileURLToPath(new URL("..", import.meta.url));
let tmp: string | undefined;
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

it("drizzle-kit generate finds no schema change", async () => {
  // Inside the package, so the copy resolves drizzle-orm like the original.
  tmp = await mkdtemp(path.join(pkg, ".drift-check-"));
  for (const entry of ["drizzle.config.ts", "src", "migrations"]) {
    await cp(path.join(pkg, entry), path.join(tmp, entry), { recursive: true });
  }
  const before = await readdir(path.join(tmp, "migrations"));
  const bin = fileURLToPath(new URL("../../../node_modules/drizzle-kit/bin.cjs", import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [bin, "generate", "--name", "drift"],
    { cwd: tmp },
  );
  const after = await readdir(path.join(tmp, "migrations"));
  expect(after, stdout).toEqual(before);
}, 120_000);
