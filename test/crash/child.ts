import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

// Runs test/crash/merchant-requests.ts in a child process that a crash test can SIGKILL.
const ROOT = path.resolve(import.meta.dirname, "../..");
const CHILD = path.join(ROOT, "test/crash/merchant-requests.ts");

export interface Child {
  /** The application_name of its database connections. */
  appName: string;
  process: ChildProcess;
  lines: string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<void>;
}

let children = 0;

export function startChild(args: string[], crashPoint?: string): Child {
  const appName = `crash-test-child-${process.pid}-${children++}`;
  // node itself with tsx as its loader: the tsx CLI would run the script in a grandchild
  // that a SIGKILL to the CLI leaves running.
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test", PGAPPNAME: appName, ...(crashPoint ? { TEST_CRASH_POINT: crashPoint } : {}) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    lines.push(line);
    for (const w of [...waiters]) {
      if (!w.pattern.test(line)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    appName,
    process: child,
    lines,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the child never printed ${pattern}; it printed: ${lines.join(" | ")}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`the child exited before printing ${pattern}: ${lines.join(" | ")}`));
        });
      });
    },
  };
}

export async function kill(child: Child): Promise<void> {
  child.process.kill("SIGKILL");
  await child.exited;
}

