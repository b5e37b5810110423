/**
 * Run `pass` every `intervalMs`, one at a time (the next waits for the one in flight), and
 * hand back a stop that waits for the pass in flight: the shape of every background loop
 * of an instance (reconciliation, the step worker). A failing pass is reported and the
 * loop goes on.
 */
export function repeat(pass: () => Promise<void>, intervalMs: number, onError: (e: unknown) => void): () => Promise<void> {
  let running = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = pass()
      .catch(onError)
      .finally(() => {
        if (running) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return async () => {
    running = false;
    if (timer) clearTimeout(timer);
    await inFlight;
  };
}
