// A small HTTP proxy on loopback standing in for a load balancer in front of app instances
// (or in front of the provider): each request goes where `route` says, bodies and answers
// stream through untouched (server-sent events included), and every request is recorded.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Seen {
  method: string;
  path: string;
  upstream: string;
  body: string;
}

export interface Balancer {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

export async function startBalancer(args: { port?: number; route: (req: IncomingMessage) => string }): Promise<Balancer> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const upstream = args.route(req);
      seen.push({ method: req.method ?? "GET", path: req.url ?? "/", upstream, body: body.length < 65_536 ? body.toString("utf8") : "" });
      const target = new URL(req.url ?? "/", upstream);
      const out = httpRequest(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host, "content-length": String(body.length) } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on("error", () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      res.on("close", () => out.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(args.port ?? 0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
