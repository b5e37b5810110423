import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { CallbackSender } from "./callbacks";
import { Chaos, chaosSchema } from "./chaos";
import type { SandboxContext } from "./context";
import { readSandboxEnv } from "./env";
import { fenigeAcsRoutes } from "./fenige/acs";
import { fenigeApiRoutes } from "./fenige/api";
import { FenigeKeys } from "./fenige/jwe";
import { mcSendHandler } from "./fenige/mc-send";
import { FENIGE_HEADERS, fenigeError } from "./fenige/pipeline";
import { FenigeState } from "./fenige/state";
import { compileRoutes, html, json, matchRoute, parseForm, parseJson, readBody, sleep, writeResponse, zodIssues, type Route } from "./http";
import { onrampApiRoutes } from "./onramp/api";
import { OnrampOperations } from "./onramp/operations";
import { onrampPageRoutes } from "./onramp/pages";
import { escapeHtml, layout } from "./pages";
import { paysecureRoutes } from "./paysecure/paysecure";
import * as testData from "./test-cards";

export type SandboxOptions = {
  /** 0 picks a free port. */
  port: number;
  /** Origin put in URLs handed out; defaults to http://localhost:<bound port>. */
  publicUrl?: string;
  host?: string;
  callbackBaseMs?: number;
  callbackMaxDelayMs?: number;
  callbackMaxAttempts?: number;
  callbackTimeoutMs?: number;
  settleMs?: number;
  /** Delay of the "late" Fenige 3DS method wallet (default FENIGE_METHOD_LATE_MS, past the document's 10 s). */
  fenigeMethodLateMs?: number;
};

export type RunningSandbox = { url: string; close: () => Promise<void> };

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  let publicUrl = options.publicUrl?.replace(/\/$/, "") ?? "";
  const chaos = new Chaos();
  const callbacks = new CallbackSender(
    {
      baseDelayMs: options.callbackBaseMs ?? 250,
      maxDelayMs: options.callbackMaxDelayMs ?? 10_000,
      maxAttempts: options.callbackMaxAttempts ?? 10,
      timeoutMs: options.callbackTimeoutMs ?? 5_000,
    },
    chaos,
  );
  const ctx: SandboxContext = { publicUrl: () => publicUrl, callbacks, chaos, settleMs: options.settleMs ?? 1_000,
    methodLateMs: options.fenigeMethodLateMs ?? testData.FENIGE_METHOD_LATE_MS,
    timers: new Set(),
  };

  const onramp = new OnrampOperations(ctx);
  const paysecure = paysecureRoutes(ctx);
  const fenigeKeys = await FenigeKeys.generate();
  const fenige = new FenigeState();
  const echoes: { at: string; path: string; fields: Record<string, string> }[] = [];

  const mcSendRoute = mcSendHandler(fenigeKeys, fenige);
  const fenigeRoutes = fenigeApiRoutes(ctx, fenigeKeys, fenige, mcSendRoute).map((r) =>
    r.pattern.endsWith("/mc-send")
      ? {
          ...r,
          failure: () =>
            json(
              500,
              fenigeError(500, "SYSTEM_ERROR", "Internal exception occurred.", {
                error: [{ source: "SYSTEM", reasonCode: "SYSTEM_ERROR", errorDetailCode: null, description: "Internal exception occurred." }],
              }).body,
              FENIGE_HEADERS,
            ),
        }
      : r,
  );

  const sandboxRoutes: Route[] = [
    { method: "GET", pattern: "/health", handler: () => json(200, { status: "ok" }) },
    { method: "GET", pattern: "/_sandbox/chaos", handler: () => json(200, chaos.describe()) },
    {
      method: "POST",
      pattern: "/_sandbox/chaos",
      handler: (c) => {
        const parsed = parseJson(c.rawBody || "{}");
        if (!parsed.ok) return json(400, { error: "invalid_json" });
        const result = chaosSchema.safeParse(parsed.value);
        if (!result.success) return json(400, { error: "invalid_chaos", fields: zodIssues(result.error) });
        chaos.set(result.data);
        return json(200, chaos.describe());
      },
    },
    {
      method: "DELETE",
      pattern: "/_sandbox/chaos",
      handler: () => {
        chaos.reset();
        return json(200, chaos.describe());
      },
    },
    { method: "GET", pattern: "/_sandbox/test-data", handler: () => json(200, testData) },
    {
      method: "GET",
      pattern: "/_sandbox/operations/:id",
      handler: (c) => {
        const id = c.params.id ?? "";
        const op = onramp.get(id);
        if (op) {
          return json(200, {
            provider: "onramp",
            operation: op,
            lifecycleStatus: onramp.lifecycleStatus(op),
            callbacks: callbacks.deliveries(op.opId),
            paymentAcks: callbacks.deliveries(`ack:${op.opId}`),
          });
        }
        const purchase = paysecure.purchases.get(id);
        if (purchase) return json(200, { provider: "paysecure", purchase });
        const auth = fenige.authentications.get(id);
        if (auth) return json(200, { provider: "fenige", authentication: auth });
        const order = fenige.orders.get(id);
        if (order) return json(200, { provider: "fenige", order });
        return json(404, { error: "not_found" });
      },
    },
    {
      // A stand-in merchant page for 3DS notifications (method and challenge), used by page tests.
      method: "POST",
      pattern: "/_sandbox/echo",
      handler: (c) => {
        const fields = parseForm(c.rawBody);
        echoes.push({ at: new Date().toISOString(), path: c.url.pathname, fields });
        const rows = Object.entries(fields)
          .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
          .join("");
        return html(200, layout("Notification received", `<dl>${rows}</dl>`));
      },
    },
    { method: "GET", pattern: "/_sandbox/echo", handler: () => json(200, echoes) },
  ];

  const routes = compileRoutes([
    ...sandboxRoutes,
    ...onrampApiRoutes(ctx, onramp),
    ...onrampPageRoutes(onramp),
    ...paysecure.routes,
    ...fenigeRoutes,
    ...fenigeAcsRoutes(ctx, fenige),
  ]);

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", publicUrl || "http://localhost");
      const match = matchRoute(routes, req.method ?? "GET", url.pathname);
      if (match === null) return writeResponse(res, json(404, { error: "not_found", path: url.pathname }));
      if ("methodNotAllowed" in match) return writeResponse(res, json(405, { error: "method_not_allowed" }));
      const { route, params } = match;
      try {
        const rawBody = await readBody(req);
        if (route.failure) {
          const settings = chaos.current();
          if (settings.slowMs > 0) await sleep(settings.slowMs);
          if (chaos.takeFailure()) return writeResponse(res, route.failure());
        }
        const response = await route.handler({ req, url, params, rawBody, publicUrl });
        writeResponse(res, response);
      } catch (error) {
        // Message only: bodies may hold card data.
        console.error(`sandbox: ${req.method} ${url.pathname} failed: ${error instanceof Error ? error.message : "unknown error"}`);
        if (!res.headersSent) writeResponse(res, route.failure ? route.failure() : json(500, { error: "internal_error" }));
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // No host by default: dual-stack, so "localhost" works whether it resolves to ::1 or 127.0.0.1.
    if (options.host) server.listen(options.port, options.host, () => resolve());
    else server.listen(options.port, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://localhost:${address.port}`;
  if (!publicUrl) publicUrl = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => {
      closing ??= (async () => {
        for (const t of ctx.timers) clearTimeout(t);
        ctx.timers.clear();
        await callbacks.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

async function main(): Promise<void> {
  const env = readSandboxEnv();
  const sandbox = await startSandbox({
    port: env.SANDBOX_PORT,
    publicUrl: env.SANDBOX_PUBLIC_URL,
    callbackBaseMs: env.SANDBOX_CALLBACK_BASE_MS,
    callbackMaxDelayMs: env.SANDBOX_CALLBACK_MAX_DELAY_MS,
    callbackMaxAttempts: env.SANDBOX_CALLBACK_MAX_ATTEMPTS,
    settleMs: env.SANDBOX_SETTLE_MS,
  });
  console.log(`provider sandbox listening on ${sandbox.url} (prefixes /onramp, /paysecure, /fenige)`);
  const stop = (signal: string) => {
    console.log(`provider sandbox: ${signal}, closing`);
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
