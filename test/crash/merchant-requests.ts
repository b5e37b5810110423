// A merchant server's requests, made in a process of their own so that a crash test can
// SIGKILL it mid-request (lib/merchant-api/idempotency-crash.test.ts). It runs the real route
// handlers against DATABASE_URL.
//
//   create <api key> <key prefix> <count>  POST /checkout/sessions <count> times, keys <prefix>-<i>
//   cancel <api key> <session id> <key>    POST /checkout/sessions/<id>/cancel once
//
// A create carries its Idempotency-Key as metadata.order, so the sessions a key created can
// be counted. Before each request it prints `start <key>`, after it `done <key> <status> <id>`;
// with TEST_CRASH_POINT set it prints `crash-point <name>` where it stops.
import { POST as createSession } from "@/app/api/v1/checkout/sessions/route";
import { POST as cancelSession } from "@/app/api/v1/checkout/sessions/[id]/cancel/route";
import { closeDatabase } from "@/db/client";
import { crashSessionBody } from "./session-body";

const [command, apiKey, a, b] = process.argv.slice(2);
const url = "http://localhost:3999/api/v1/checkout/sessions";

async function report(key: string, res: Response): Promise<void> {
  const json = (await res.json()) as { id?: string };
  process.stdout.write(`done ${key} ${res.status} ${json.id ?? "-"}\n`);
}

if (command === "create" && apiKey && a) {
  for (let i = 0; i < Number(b ?? 1); i++) {
    const key = `${a}-${i}`;
    process.stdout.write(`start ${key}\n`);
    const headers = { authorization: `Bearer ${apiKey}`, "idempotency-key": key, "content-type": "application/json" };
    await report(key, await createSession(new Request(url, { method: "POST", headers, body: JSON.stringify(crashSessionBody(key)) })));
  }
} else if (command === "cancel" && apiKey && a && b) {
  process.stdout.write(`start ${b}\n`);
  const headers = { authorization: `Bearer ${apiKey}`, "idempotency-key": b };
  await report(b, await cancelSession(new Request(`${url}/${a}/cancel`, { method: "POST", headers }), { params: Promise.resolve({ id: a }) }));
} else {
  throw new Error("usage: merchant-requests.ts create <api key> <key prefix> <count> | cancel <api key> <session id> <key>");
}
await closeDatabase();
