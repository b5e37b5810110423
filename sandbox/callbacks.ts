import type { Chaos } from "./chaos";

export type CallbackOptions = {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
};

export type AttemptLog = { at: string; httpStatus?: number; error?: string };

export type DeliveryRecord = {
  id: number;
  key: string;
  url: string;
  payload: unknown;
  /** Chaos copy of another delivery; sent once, never retried. */
  duplicate: boolean;
  state: "queued" | "delivering" | "done" | "gave_up" | "aborted";
  attempts: AttemptLog[];
};

export type Answer = { status: number; body: string };

/**
 * What the sender makes of an answer: `done` stops retrying, `retry` tries again later.
 * ON/RAMP status callbacks are done only on 200; payment-acks are done on 200 or 204.
 */
export type Classify = (answer: Answer) => "done" | "retry";

type Job = {
  record: DeliveryRecord;
  classify: Classify;
  onAnswer: (answer: Answer) => void;
  onGiveUp?: () => void;
};

/** A small window so that callbacks produced by one transition can be reordered together. */
const REORDER_WINDOW_MS = 30;

/**
 * Delivers JSON POSTs with exponential backoff. Deliveries sharing a key (an operation) go
 * one after another in order, because that is what a merchant sees from a well-behaved
 * provider; chaos switches on the anomalies the ON/RAMP document warns about.
 */
export class CallbackSender {
  private readonly queues = new Map<string, Job[]>();
  private readonly draining = new Set<string>();
  private readonly records = new Map<string, DeliveryRecord[]>();
  private readonly abort = new AbortController();
  private nextId = 1;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly options: CallbackOptions,
    private readonly chaos: Chaos,
  ) {}

  send(key: string, url: string, payload: unknown, classify: Classify, onAnswer: (answer: Answer) => void, onGiveUp?: () => void): void {
    if (this.abort.signal.aborted) return;
    const record = this.newRecord(key, url, payload, false);
    const queue = this.queues.get(key) ?? [];
    queue.push({ record, classify, onAnswer, onGiveUp });
    this.queues.set(key, queue);
    if (!this.draining.has(key)) this.track(this.drain(key));
  }

  deliveries(key: string): DeliveryRecord[] {
    return this.records.get(key) ?? [];
  }

  /** Resolves when nothing is queued or being delivered (used by tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.idle();
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private newRecord(key: string, url: string, payload: unknown, duplicate: boolean): DeliveryRecord {
    const record: DeliveryRecord = { id: this.nextId++, key, url, payload, duplicate, state: "queued", attempts: [] };
    const list = this.records.get(key) ?? [];
    list.push(record);
    this.records.set(key, list);
    return record;
  }

  private async drain(key: string): Promise<void> {
    this.draining.add(key);
    try {
      for (;;) {
        if (this.chaos.current().reorder) await this.pause(REORDER_WINDOW_MS);
        const queue = this.queues.get(key) ?? [];
        if (queue.length === 0 || this.abort.signal.aborted) break;
        this.queues.set(key, []);
        const chaos = this.chaos.current();
        const batch = chaos.reorder ? [...queue].reverse() : queue;
        for (const job of batch) {
          if (this.abort.signal.aborted) {
            job.record.state = "aborted";
            continue;
          }
          await this.deliver(job, chaos.delayMs);
          for (let i = 0; i < chaos.duplicate; i++) {
            const copy: Job = { ...job, record: this.newRecord(key, job.record.url, job.record.payload, true) };
            await this.attempt(copy);
            copy.record.state = "done";
          }
        }
      }
    } finally {
      this.draining.delete(key);
      this.queues.delete(key);
    }
  }

  private async deliver(job: Job, delayMs: number): Promise<void> {
    job.record.state = "delivering";
    if (delayMs > 0) await this.pause(delayMs);
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      if (this.abort.signal.aborted) {
        job.record.state = "aborted";
        return;
      }
      const verdict = await this.attempt(job);
      if (verdict === "done") {
        job.record.state = "done";
        return;
      }
      if (attempt < this.options.maxAttempts) {
        await this.pause(Math.min(this.options.baseDelayMs * 2 ** (attempt - 1), this.options.maxDelayMs));
      }
    }
    job.record.state = "gave_up";
    job.onGiveUp?.();
  }

  private async attempt(job: Job): Promise<"done" | "retry"> {
    const at = new Date().toISOString();
    try {
      const res = await fetch(job.record.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "provider-sandbox/1" },
        body: JSON.stringify(job.record.payload),
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs)]),
        redirect: "manual",
      });
      const body = await res.text();
      job.record.attempts.push({ at, httpStatus: res.status });
      const answer = { status: res.status, body };
      job.onAnswer(answer);
      return job.classify(answer);
    } catch (error) {
      job.record.attempts.push({ at, error: error instanceof Error ? error.message : "request failed" });
      return "retry";
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      const signal = this.abort.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done);
    });
  }
}
