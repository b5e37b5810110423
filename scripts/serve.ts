// The app's HTTP server: Next.js behind a plain node:http server, so that every request
// carries the TCP peer's address in a header nobody else can set. Next's route handlers
// never see the socket, and the X-Forwarded-For it passes on is whatever the client sent.
//   tsx scripts/serve.ts [--dev]     (PORT, HOSTNAME from the environment)
import { createServer } from "node:http";
import next from "next";
import { PEER_ADDRESS_HEADER } from "../lib/http/peer-header";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME;

const app = next({ dev, port, ...(hostname ? { hostname } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  // Replaces any value a client sent under this name; an unknown peer leaves it empty.
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
  void handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(`app listening on ${hostname ?? "*"}:${port} (${dev ? "development" : "production"})`);
});
