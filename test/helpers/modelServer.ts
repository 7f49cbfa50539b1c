// A loopback HTTP server for model-download tests: serves one file at /<name> with HTTP Range
// support, records every request, and can be told to cut the connection after N bytes (once)
// or to serve corrupted bytes. Listens on 127.0.0.1, port 0; stop() closes it and its sockets.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ModelServerRequest {
  url: string;
  range: string | null;
}

export interface ModelServer {
  baseUrl: string;
  requests: ModelServerRequest[];
  /** The next response that sends a body is cut (socket destroyed) after this many body bytes. */
  cutNextAfter(bytes: number): void;
  /** While on, served bytes have one byte flipped (same length, wrong checksum). */
  setCorrupt(corrupt: boolean): void;
  stop(): Promise<void>;
}

export async function startModelServer(files: Record<string, Buffer>): Promise<ModelServer> {
  const requests: ModelServerRequest[] = [];
  let cutAfter: number | null = null;
  let corrupt = false;
  const sockets = new Set<import('node:net').Socket>();

  const server = http.createServer((request, response) => {
    const range = request.headers.range ?? null;
    requests.push({ url: request.url ?? '', range });
    const name = decodeURIComponent((request.url ?? '/').slice(1));
    const original = files[name];
    if (!original) {
      response.writeHead(404).end('not found');
      return;
    }
    let body = original;
    if (corrupt) {
      body = Buffer.from(original);
      const middle = Math.floor(body.length / 2);
      body[middle] = (body[middle] as number) ^ 0xff;
    }
    let start = 0;
    let status = 200;
    const headers: Record<string, string | number> = { 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    const match = range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (match) {
      start = Number(match[1]);
      if (start >= body.length) {
        response.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    }
    const slice = body.subarray(start);
    headers['content-length'] = slice.length;
    response.writeHead(status, headers);
    if (cutAfter !== null) {
      const limit = cutAfter;
      cutAfter = null;
      // Send part of the body, then drop the connection mid-transfer.
      response.write(slice.subarray(0, limit), () => setTimeout(() => request.socket.destroy(), 20));
      return;
    }
    response.end(slice);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    cutNextAfter: (bytes) => {
      cutAfter = bytes;
    },
    setCorrupt: (value) => {
      corrupt = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
