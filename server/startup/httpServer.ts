// The HTTP(S) server the express app and socket.io share: TLS when configured (VCOURT_TLS_*),
// otherwise plain HTTP behind an HTTPS front. listen() answers the port actually bound (port 0 in
// tests), which the public URL and invitation links must name.
// Part of the composition root: main.ts alone calls it.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.js';

export function createServer(config: Pick<Config, 'tls'>, app: RequestListener): Server {
  const httpServer: Server = config.tls
    ? createHttpsServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, app)
    : createHttpServer(app);
  // Idle keep-alive connections are closed by the client (a browser, the HTTPS front) before the
  // server: a server closing one just as the client reuses it resets the client's next request.
  // Fronts keep upstream connections up to 60 s (nginx's keepalive_timeout), so the server keeps 65.
  httpServer.keepAliveTimeout = 65_000;
  return httpServer;
}

/** Listens on config.port (0: any free one); answers the port bound. */
export async function listen(httpServer: Server, config: Pick<Config, 'port' | 'host'>): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  return (httpServer.address() as AddressInfo).port;
}
