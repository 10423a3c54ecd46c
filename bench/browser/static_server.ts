// A static HTTP server on 127.0.0.1 and an ephemeral port for the bench page: it serves exactly the
// routes it is given (the page, its bundle, the wasm binaries, the models' files), nothing else, and
// refuses every other path and method. Files are read when asked for, so weights are never held twice.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';

/** One URL path's answer: text held in memory, or a file read on each request. */
export type Route = { type: string; body: string } | { type: string; file: string };

export interface StaticServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  origin: string;
  close(): Promise<void>;
}

export const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json',
  wasm: 'application/wasm',
  bin: 'application/octet-stream',
} as const;

async function bodyOf(route: Route): Promise<string | Buffer> {
  return 'body' in route ? route.body : readFile(route.file);
}

export async function startStaticServer(routes: ReadonlyMap<string, Route>): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const route = routes.get(path);
    if (request.method !== 'GET' || route === undefined) {
      response.writeHead(request.method === 'GET' ? 404 : 405, { 'content-type': 'text/plain' }).end('not served\n');
      return;
    }
    bodyOf(route).then(
      (body) => response.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' }).end(body),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the bench server has no TCP port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error === undefined ? resolve() : reject(error)));
    }),
  };
}
