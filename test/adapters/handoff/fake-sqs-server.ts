import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SqsRequest {
  target: string;
  body: Record<string, unknown>;
}

/**
 * A local stand-in for SQS speaking its JSON protocol (no SQS emulator runs on this machine): records each
 * request and answers SendMessage as SQS does, with the MD5 of the body the SDK verifies.
 */
export async function startFakeSqs(opts: { failFirst?: number } = {}): Promise<{ endpoint: string; requests: SqsRequest[]; stop(): Promise<void> }> {
  const requests: SqsRequest[] = [];
  let failures = opts.failFirst ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      requests.push({ target, body });
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (failures > 0) {
        failures--;
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' }));
        return;
      }
      if (target !== 'AmazonSQS.SendMessage') {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#InvalidAction', message: target }));
        return;
      }
      const md5 = createHash('md5').update(String(body.MessageBody)).digest('hex');
      res.end(JSON.stringify({ MessageId: randomUUID(), MD5OfMessageBody: md5, SequenceNumber: String(requests.length) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
