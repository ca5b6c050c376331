// When a failed delivery is tried again: the default schedule, per-tenant/endpoint
// overrides written as text ("0s,5s,30s,2m"), jitter, and Retry-After within bounds.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Delays before each retry, after the first try: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
]);

export const MAX_RETRY_STEPS = 20;
export const MAX_RETRY_STEP_MS = DAY;
export const DEFAULT_RETRY_JITTER = 0.2;

const UNITS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY };
// Largest first, so formatting picks the shortest exact spelling.
const FORMAT_UNITS = Object.entries(UNITS).sort(([, a], [, b]) => b - a);
const STEP = /^(-?)(\d+)\s*([a-z]*)$/i;

export class RetryScheduleError extends Error {
  override name = "RetryScheduleError";
}

/** Parses `"0s, 5s, 30s, 2m, 1h, 1d"` into milliseconds; throws RetryScheduleError. */
export function parseRetrySchedule(text: string): number[] {
  if (text.trim() === "") throw new RetryScheduleError("retry schedule is empty");
  const items = text.split(",").map((item) => item.trim());
  if (items.length > MAX_RETRY_STEPS) {
    throw new RetryScheduleError(
      `retry schedule has ${items.length} steps; at most ${MAX_RETRY_STEPS} are allowed`,
    );
  }
  return items.map((item, index) => {
    const where = `retry schedule step ${index + 1}`;
    if (item === "") throw new RetryScheduleError(`${where} is empty (expected e.g. "30s")`);
    const match = STEP.exec(item);
    if (!match) {
      throw new RetryScheduleError(`${where} "${item}" is not a whole number with a unit`);
    }
    const [, sign, digits, unit = ""] = match;
    if (sign) throw new RetryScheduleError(`${where} "${item}" is negative`);
    const factor = UNITS[unit.toLowerCase()];
    if (factor === undefined) {
      throw new RetryScheduleError(
        `${where} "${item}" has ${unit ? `unknown unit "${unit}"` : "no unit"}; use ms, s, m, h or d`,
      );
    }
    const ms = Number(digits) * factor;
    if (ms > MAX_RETRY_STEP_MS) throw new RetryScheduleError(`${where} "${item}" is over 24h`);
    return ms;
  });
}

export function formatRetrySchedule(schedule: readonly number[]): string {
  return schedule
    .map((ms) => {
      if (ms === 0) return "0s";
      const [unit, factor] = FORMAT_UNITS.find(([, f]) => ms % f === 0) ?? ["ms", 1];
      return `${ms / factor}${unit}`;
    })
    .join(",");
}

/**
 * Milliseconds until the next try, or null when the schedule is exhausted.
 *
 * Retry-After (from a 429/503) may only lengthen the wait, up to the next step's
 * bound, so a receiver can slow us down but never pin a delivery for days nor pull
 * it earlier than the schedule.
 */
export function nextRetryDelay(opts: {
  schedule: readonly number[];
  failedAttempts: number;
  jitter?: number;
  retryAfterMs?: number | null;
  random?: () => number;
}): number | null {
  const { schedule, failedAttempts, jitter = DEFAULT_RETRY_JITTER, random = Math.random } = opts;
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) {
    throw new RangeError(`failedAttempts must be an integer ≥ 1, got ${failedAttempts}`);
  }
  if (!(jitter >= 0 && jitter <= 1))
    throw new RangeError(`jitter must be in [0, 1], got ${jitter}`);
  const index = failedAttempts - 1;
  const step = schedule[index];
  if (step === undefined) return null;

  let delay = Math.max(0, Math.round(step * (1 + jitter * (2 * random() - 1))));
  const { retryAfterMs } = opts;
  if (retryAfterMs != null && Number.isFinite(retryAfterMs)) {
    const bound = Math.max(step, schedule[index + 1] ?? step);
    delay = Math.max(delay, Math.min(retryAfterMs, bound));
  }
  return delay;
}

/** Retry-After as delta-seconds or an HTTP date, in ms from `now` (0 if already past). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * SECOND;
  // Date.parse also accepts bare numbers like "1.5"; HTTP dates always name a day/month.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
