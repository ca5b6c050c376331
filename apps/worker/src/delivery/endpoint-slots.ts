// How many requests one endpoint may have in flight in this worker process. A delivery that
// finds its endpoint at the cap waits briefly for a slot (a healthy endpoint frees one within
// milliseconds); if none frees up, the endpoint is slow and the delivery is put back for
// later instead of holding a worker slot that other endpoints' deliveries need.
export class EndpointSlots {
  private readonly slots = new Map<
    string,
    { held: number; waiters: (() => void)[]; busySince: number }
  >();
  /** Per endpoint: when the last put-back delivery is due. */
  private readonly booked = new Map<string, number>();
  /** Per endpoint: when it last answered one of its requests. */
  private readonly lastDone = new Map<string, number>();

  constructor(readonly perEndpoint: number) {}

  /** Resolves true with a slot held (release it), or false after `maxWaitMs` without one. */
  acquire(key: string, maxWaitMs: number): Promise<boolean> | boolean {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { held: 0, waiters: [], busySince: Date.now() };
      this.slots.set(key, slot);
    }
    if (slot.held < this.perEndpoint) {
      slot.held++;
      return true;
    }
    // Stuck, not just busy: do not wait for a slot.
    if (this.stuck(key)) return false;
    const s = slot;
    return new Promise<boolean>((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const i = s.waiters.indexOf(waiter);
        if (i >= 0) s.waiters.splice(i, 1);
        resolve(false);
      }, maxWaitMs);
      s.waiters.push(waiter);
    });
  }

  /** `answered`: the endpoint sent a response (of any status) rather than timing out. */
  release(key: string, answered = true): void {
    if (answered) this.lastDone.set(key, Date.now());
    const slot = this.slots.get(key);
    if (!slot) return;
    // Hand the slot straight to the next waiter, so a burst drains in order.
    const next = slot.waiters.shift();
    if (next) {
      next();
      return;
    }
    slot.held--;
    if (slot.held <= 0 && slot.waiters.length === 0) this.slots.delete(key);
  }

  /**
   * When to try a put-back delivery again: put-backs are spaced at the pace the endpoint has
   * shown it can take (its slots per timeout), so a backlog behind a hanging endpoint comes
   * back a few at a time instead of all at once, again and again.
   */
  later(key: string, timeoutMs: number, now = Date.now()): Date {
    // Busy, not stuck: come back shortly.
    if (!this.stuck(key, now)) {
      return new Date(now + 100 + Math.random() * 200);
    }
    const spacing = timeoutMs / this.perEndpoint;
    const last = this.booked.get(key) ?? 0;
    const due = Math.max(now + timeoutMs * (0.5 + Math.random() * 0.5), last + spacing);
    this.booked.set(key, due);
    if (this.booked.size > 10_000) {
      for (const [k, t] of this.booked) if (t < now) this.booked.delete(k);
    }
    if (this.lastDone.size > 10_000) {
      for (const [k, t] of this.lastDone) if (t < now - 60_000) this.lastDone.delete(k);
    }
    return new Date(due);
  }

  /**
   * Stuck: requests have been in flight for over a second and none was answered in that
   * second. A burst to an endpoint that is answering, or has only just been sent to, is
   * merely busy.
   */
  private stuck(key: string, now = Date.now()): boolean {
    const busySince = this.slots.get(key)?.busySince ?? now;
    return now - Math.max(this.lastDone.get(key) ?? 0, busySince) >= 1000;
  }

  inFlight(key: string): number {
    return this.slots.get(key)?.held ?? 0;
  }
}
