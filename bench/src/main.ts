// `npm run bench [-- scenario...] [--events=N --rate=N --duration=S --concurrency=N --label=x]`:
// starts its own PostgreSQL (embedded unless DATABASE_URL), its own Herald processes and
// receivers, runs the scenarios, prints a table and writes bench/results/<date>[-label].json.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { startTemplateServer } from "@herald/db/template-server";
import postgres from "postgres";
import { type BenchContext, type BenchOptions, DEFAULTS, type ScenarioResult } from "./scenario.js";
import { SCENARIOS } from "./scenarios/index.js";

const FLAGS: Record<string, keyof BenchOptions> = {
  events: "events",
  rate: "rate",
  duration: "durationSeconds",
  concurrency: "concurrency",
  "fanout-endpoints": "fanoutEndpoints",
  "noisy-rate": "noisyRate",
  "noisy-duration": "noisySeconds",
  "resource-events": "resourceEvents",
  "raw-duration": "rawSeconds",
};

function usage(): never {
  const names = SCENARIOS.map((s) => s.name).join(" | ");
  console.error(
    `usage: npm run bench -- [${names}]... [--label=name] [--no-write] ${Object.keys(FLAGS)
      .map((f) => `[--${f}=N]`)
      .join(" ")}`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const options: BenchOptions = { ...DEFAULTS, env: {} };
  const names: string[] = [];
  let label: string | undefined;
  let write = true;
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") usage();
    if (arg === "--no-write") write = false;
    else if (arg.startsWith("--label=")) label = arg.slice(8);
    else if (arg.startsWith("--")) {
      const [flag, value] = arg.slice(2).split("=");
      const key = FLAGS[flag ?? ""];
      const n = Number(value);
      if (!key || !Number.isFinite(n) || n <= 0) usage();
      (options[key] as number) = n;
    } else if (SCENARIOS.some((s) => s.name === arg)) names.push(arg);
    else usage();
  }
  const selected = names.length ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;
  return { options, selected, label, write };
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

async function main() {
  const { options, selected, label, write } = parseArgs(process.argv.slice(2));
  if (process.env.HERALD_WORKER_CONCURRENCY) {
    options.concurrency = Number(process.env.HERALD_WORKER_CONCURRENCY);
  }
  const started = new Date();
  const server = await startTemplateServer({
    databaseUrl: process.env.DATABASE_URL,
    templatePrefix: "herald_bench_tpl",
  });
  const pg = postgres(server.serverUrl, { max: 1, onnotice: () => {} });
  const [version] = await pg`show server_version`;
  await pg.end();
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: `${version?.server_version ?? "?"}${server.embedded ? " (embedded)" : ""}`,
  };
  console.error(
    `Herald bench: ${selected.map((s) => s.name).join(", ")} on ${machine.cpus} CPUs, PostgreSQL ${machine.postgres}, worker concurrency ${options.concurrency}`,
  );
  const ctx: BenchContext = { server, options };
  const results: Record<string, ScenarioResult & { title: string; error?: string }> = {};
  try {
    for (const scenario of selected) {
      console.error(`\n▸ ${scenario.title}`);
      const t = performance.now();
      try {
        const result = await scenario.run(ctx);
        results[scenario.name] = { title: scenario.title, ...result };
        console.error(`  ${result.headline}  (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(`  failed: ${message}`);
        results[scenario.name] = {
          title: scenario.title,
          headline: `failed: ${message}`,
          complete: false,
          figures: {},
          error: message,
        };
      }
    }
  } finally {
    await server.close();
  }

  const width = Math.max(...Object.values(results).map((r) => r.title.length));
  const lines = Object.values(results).map(
    (r) => `${r.title.padEnd(width)}  ${r.headline}${r.complete ? "" : "  [INCOMPLETE]"}`,
  );
  process.stdout.write(`\n${lines.join("\n")}\n`);

  if (write) {
    const dir = fileURLToPath(new URL("../results/", import.meta.url));
    await mkdir(dir, { recursive: true });
    const day = started.toISOString().slice(0, 10);
    const file = `${dir}${day}${label ? `-${label}` : ""}.json`;
    const out = {
      date: started.toISOString(),
      commit: gitCommit(),
      machine,
      options,
      scenarios: results,
    };
    await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
    console.error(`\nwrote ${file}`);
  }
  if (Object.values(results).some((r) => !r.complete)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
