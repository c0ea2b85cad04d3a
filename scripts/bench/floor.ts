// The floor of a Node.js key gateway, for `npm run bench`: a bare node:http pass-through that looks
// the client's Bearer key up in a Map, forwards the request to the upstream over a keep-alive agent
// with the upstream's key, and pipes the answer back. No parsing, no logging, no database.
// `node --import tsx scripts/bench/floor.ts <port> <upstream origin> <client key> <upstream key>`
import { Agent, createServer, request } from "node:http";

const [port, upstream, clientKey, upstreamKey] = process.argv.slice(2);
if (!port || !upstream || !clientKey || !upstreamKey) throw new Error("usage: floor.ts <port> <upstream origin> <client key> <upstream key>");
const target = new URL(upstream);
const keys = new Map([[`Bearer ${clientKey}`, { upstreamAuthorization: `Bearer ${upstreamKey}` }]]);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const unauthorized = JSON.stringify({ error: { message: "Invalid API key", type: "invalid_request_error", param: null, code: "invalid_api_key" } });

createServer((req, res) => {
  const key = keys.get(req.headers.authorization ?? "");
  if (!key) {
    res.writeHead(401, { "content-type": "application/json" });
    res.end(unauthorized);
    return;
  }
  const headers = { ...req.headers, host: target.host, authorization: key.upstreamAuthorization };
  const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on("error", () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(out);
}).listen(Number(port), "127.0.0.1");
