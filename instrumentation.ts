// Runs once per server process. In Node it starts tracing (spans in process, exported only
// when a collector is configured), installs clean shutdown (the embedded database must be
// closed or it recovers on next start) and starts background workers.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startTelemetry, stopTelemetry } = await import("./lib/telemetry/setup");
  startTelemetry();
  const { boot, onShutdown } = await import("./lib/system/boot");
  onShutdown(stopTelemetry);
  await boot();
}
