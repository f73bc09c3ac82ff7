/**
 * A local HTTP server on 127.0.0.1 that answers each request with the next scripted response (then 200 `{}`), and
 * records what it received. For testing HTTP clients' retry, auth and error handling.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as-is. */
  body?: unknown;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ScriptedHttpServer {
  url: string;
  reply(...replies: ScriptedReply[]): void;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startScriptedHttpServer(): Promise<ScriptedHttpServer> {
  const queue: ScriptedReply[] = [];
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const r = queue.shift() ?? { status: 200, body: {} };
      const isText = typeof r.body === 'string';
      res.writeHead(r.status, { 'content-type': isText ? 'text/plain' : 'application/json', ...r.headers });
      res.end(isText ? (r.body as string) : JSON.stringify(r.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    reply: (...r) => {
      queue.push(...r);
    },
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
