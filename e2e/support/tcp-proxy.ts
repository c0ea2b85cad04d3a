// A TCP proxy the test controls, between a server and its PostgreSQL: to cut the database off the
// way a network does (packets dropped: "stall"), or the way a stopped server does ("refuse"), and
// to bring it back ("pass"). Listens on 127.0.0.1 only.
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * - pass: bytes flow both ways.
 * - stall: connections are accepted and held, and nothing is forwarded either way (the bytes wait,
 *   as a dropped packet's retransmissions would). New connections are accepted and held too.
 * - refuse: the port stops listening (new connections: ECONNREFUSED) and open ones are reset, as
 *   when PostgreSQL is stopped.
 */
export type ProxyMode = "pass" | "stall" | "refuse";

export interface TcpProxy {
  port: number;
  /** host:port to put in a connection URL instead of the target's. */
  address: string;
  mode(): ProxyMode;
  /** Switches mode. "pass" after "stall" lets what was held through (the network is back). */
  setMode(mode: ProxyMode): Promise<void>;
  /**
   * The lost answer: from the next connection whose client sends `marker` (e.g. "COMMIT") on, that
   * connection's answers are held, while what the client sends still goes through. Until setMode().
   */
  loseAnswersAfter(marker: string): void;
  /** Connections open now (client side). */
  connections(): number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  deaf?: boolean;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = "pass";
  let marker: Buffer | null = null;
  const pairs = new Set<Pair>();

  const flow = (pair: Pair) => {
    pair.deaf = false;
    pair.client.resume();
    pair.upstream.resume();
  };
  const hold = (pair: Pair) => {
    pair.client.pause();
    pair.upstream.pause();
  };
  const kill = (pair: Pair) => {
    pair.client.resetAndDestroy();
    pair.upstream.destroy();
    pairs.delete(pair);
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    const upstream = connect({ host: target.host, port: target.port });
    const pair: Pair = { client, upstream };
    pairs.add(pair);
    // Forwarded by hand (pipe() would resume a held socket on drain): a paused socket reads nothing.
    client.on("data", (data: Buffer) => {
      upstream.write(data);
      if (marker && data.includes(marker)) {
        marker = null;
        pair.deaf = true;
        upstream.pause();
      }
    });
    upstream.on("data", (data: Buffer) => client.write(data));
    const drop = () => {
      if (!pairs.has(pair)) return;
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    if (mode === "pass") flow(pair);
    else hold(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    address: `127.0.0.1:${port}`,
    mode: () => mode,
    loseAnswersAfter(text) {
      marker = Buffer.from(text);
    },
    async setMode(next) {
      const was = mode;
      mode = next;
      marker = null;
      for (const pair of [...pairs]) {
        if (next === "pass") flow(pair);
        else if (next === "stall") hold(pair);
        else kill(pair);
      }
      if (next === "refuse" && was !== "refuse") await new Promise<void>((resolve) => server.close(() => resolve()));
      if (next !== "refuse" && was === "refuse") await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    connections: () => pairs.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of [...pairs]) kill(pair);
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

/** `url` with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(proxy.port);
  return u.toString();
}
