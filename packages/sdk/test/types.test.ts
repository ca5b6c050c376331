// Runs tsc over types.check.ts: every @ts-expect-error there must be an error, and the rest
// must compile, or the SDK's types have drifted from what they promise.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

it("type-checks the SDK's type promises", async () => {
  const tsc = fileURLToPath(new URL("../../../node_modules/typescript/bin/tsc", import.meta.url));
  const project = fileURLToPath(new URL("../tsconfig.json", import.meta.url));
  const result = await promisify(execFile)(process.execPath, [
    tsc,
    "--noEmit",
    "-p",
    project,
  ]).catch((error: { stdout: string }) => ({ stdout: error.stdout, failed: true }));
  expect(result.stdout).toBe("");
  expect("failed" in result).toBe(false);
}, 120_000);
