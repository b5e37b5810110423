/**
 * Group commit: calls that arrive while earlier ones are being written wait and then go
 * together, so one statement (or transaction) and one commit serve many callers. Each
 * caller gets its own result. A batch that fails is tried again call by call, so one bad
 * call fails alone.
 *
 * `key`, when given, keeps calls with the same key out of two batches in flight at once:
 * a later call waits here for the batch holding its key rather than on a row lock in the
 * database, where it would hold up the rest of its own batch.
 */
export function groupCommit<I, O>(options: {
  /** Batches in flight at once; the rest of the pool stays free for everything else. */
  maxInFlight: number;
  maxBatch: number;
  /** One result per item, in order: a value, or the Error that item alone failed with. */
  run: (items: I[]) => Promise<Array<O | Error>>;
  key?: (item: I) => string;
}): (item: I) => Promise<O> {
  interface Pending {
    item: I;
    resolve: (o: O) => void;
    reject: (e: unknown) => void;
  }
  const queue: Pending[] = [];
  const busy = new Set<string>();
  let inFlight = 0;

  const settle = (p: Pending, r: O | Error | undefined) => (r instanceof Error || r === undefined ? p.reject(r ?? new Error("no result")) : p.resolve(r));

  function take(): Pending[] {
    const batch: Pending[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < queue.length && batch.length < options.maxBatch; ) {
      const p = queue[i] as Pending;
      const k = options.key?.(p.item);
      if (k !== undefined && busy.has(k)) {
        i += 1;
        continue;
      }
      if (k !== undefined) keys.add(k);
      batch.push(p);
      queue.splice(i, 1);
    }
    for (const k of keys) busy.add(k);
    return batch;
  }

  async function runBatch(batch: Pending[]): Promise<void> {
    try {
      const results = await options.run(batch.map((p) => p.item));
      batch.forEach((p, i) => settle(p, results[i]));
    } catch (e) {
      if (batch.length === 1) {
        batch[0]?.reject(e);
        return;
      }
      // One call may have spoilt the batch (or it met a deadlock): each on its own.
      await Promise.all(batch.map((p) => options.run([p.item]).then(([r]) => settle(p, r), p.reject)));
    }
  }

  function pump(): void {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = take();
      if (batch.length === 0) return;
      inFlight += 1;
      void runBatch(batch).finally(() => {
        inFlight -= 1;
        if (options.key) for (const p of batch) busy.delete(options.key(p.item));
        pump();
      });
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
