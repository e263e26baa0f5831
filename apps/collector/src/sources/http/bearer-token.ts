import { timingSafeEqual } from 'node:crypto';

/** The `Authorization` header value that carries `token`, as bytes to compare against. */
export function expectedBearer(token: string): Buffer {
  return Buffer.from(`Bearer ${token}`);
}

/** Whether an `Authorization` header carries the expected bearer token (constant-time comparison). */
export function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
