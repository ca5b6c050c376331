// Every scenario, in the order `npm run bench` runs them (the raw limit first: the others
// are compared with it).
import type { Scenario } from "../scenario.js";
import { fanout } from "./fanout.js";
import { latency } from "./latency.js";
import { noisyNeighbours } from "./noisy-neighbours.js";
import { rawLimit } from "./raw-limit.js";
import { resources } from "./resources.js";
import { throughput } from "./throughput.js";

export const SCENARIOS: Scenario[] = [
  rawLimit,
  throughput,
  latency,
  fanout,
  noisyNeighbours,
  resources,
];
