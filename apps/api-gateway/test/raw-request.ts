// A request answered as it came off the wire (status, headers in order, body bytes), for comparing the fast path's answers with Nest's byte for byte.
import { request } from 'node:http';

/** An answer as it came off the wire: status, headers in order (without Date), body bytes as sent. */
export interface RawAnswer {
  status: number;
  headers: string[];
  body: Buffer;
}

export function rawRequest(baseUrl: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    // The path as given, fragment included (a URL would drop it).
    const { hostname, port } = new URL(baseUrl);
    const req = request({ hostname, port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const pairs = res.rawHeaders.flatMap((value, i) => (i % 2 === 0 ? [`${value}: ${res.rawHeaders[i + 1]}`] : []));
        resolve({ status: res.statusCode ?? 0, headers: pairs.filter((line) => !line.startsWith('Date: ')), body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
