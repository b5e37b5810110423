// Runs once per server process. In Node it installs clean shutdown (the embedded
// database must be closed or it recovers on next start) and starts background workers.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("./lib/system/boot");
  await boot();
}
