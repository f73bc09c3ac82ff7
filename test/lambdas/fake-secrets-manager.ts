import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for Secrets Manager's GetSecretValue (JSON protocol): counts calls so caching can be asserted. */
export async function startFakeSecretsManager(secrets: Record<string, string>): Promise<{ endpoint: string; calls: string[]; stop(): Promise<void> }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString()) as { SecretId: string };
      calls.push(SecretId);
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      const value = secrets[SecretId];
      if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue' || value === undefined) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." }));
        return;
      }
      res.end(JSON.stringify({ ARN: SecretId, Name: 'hoardwatch', SecretString: value, VersionId: 'v1' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    stop: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
