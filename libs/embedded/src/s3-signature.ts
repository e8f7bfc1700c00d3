import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingHttpHeaders } from 'node:http';

export interface S3Credentials {
  accessKey: string;
  secretKey: string;
}

export interface SignedRequest {
  method: string;
  /** The request target exactly as received: raw path and query. */
  url: string;
  headers: IncomingHttpHeaders;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** How far a signed request's clock may be from ours, as S3 allows. */
const CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/**
 * Checks an AWS Signature Version 4, in the Authorization header or in a presigned URL's
 * query, against the one key pair of the embedded S3. Answers why it is refused, or null
 * when it holds. s3rver itself only parses version 4 signatures, so this is the check.
 */
export function s3SignatureRefusal(request: SignedRequest, credentials: S3Credentials, now: Date): string | null {
  const [path, rawQuery = ''] = splitOnce(request.url, '?');
  const queryElements = rawQuery ? rawQuery.split('&') : [];
  const authorization = header(request.headers, 'authorization');
  const fromQuery = queryElements.some((element) => element.startsWith('X-Amz-Algorithm='));
  if (!authorization && !fromQuery) return 'the request is not signed';
  if (authorization && fromQuery) return 'the request is signed twice';

  let parts: { credential: string; signedHeaders: string; signature: string; date: string; payloadHash: string };
  let signedElements = queryElements;
  if (authorization) {
    const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
    if (!match) return 'the Authorization header is not an AWS4-HMAC-SHA256 signature';
    parts = {
      credential: match[1] as string,
      signedHeaders: match[2] as string,
      signature: match[3] as string,
      date: header(request.headers, 'x-amz-date') ?? '',
      payloadHash: header(request.headers, 'x-amz-content-sha256') ?? '',
    };
    if (!parts.payloadHash) return 'x-amz-content-sha256 is missing';
  } else {
    const query = new URLSearchParams(rawQuery);
    if (query.get('X-Amz-Algorithm') !== ALGORITHM) return 'the query signature is not AWS4-HMAC-SHA256';
    const expires = Number(query.get('X-Amz-Expires'));
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) return 'X-Amz-Expires is invalid';
    parts = {
      credential: query.get('X-Amz-Credential') ?? '',
      signedHeaders: query.get('X-Amz-SignedHeaders') ?? '',
      signature: query.get('X-Amz-Signature') ?? '',
      date: query.get('X-Amz-Date') ?? '',
      payloadHash: 'UNSIGNED-PAYLOAD',
    };
    const signedAt = parseAmzDate(parts.date);
    if (signedAt && now.getTime() > signedAt.getTime() + expires * 1000) return 'the presigned URL has expired';
    signedElements = queryElements.filter((element) => !element.startsWith('X-Amz-Signature='));
  }

  const [accessKey, scopeDate, region, service, terminator] = parts.credential.split('/');
  if (accessKey !== credentials.accessKey) return 'the access key is unknown';
  if (!scopeDate || !region || service !== 's3' || terminator !== 'aws4_request')
    return 'the credential scope is invalid';
  const signedAt = parseAmzDate(parts.date);
  if (!signedAt || !parts.date.startsWith(scopeDate)) return 'the signing date is invalid';
  if (authorization && Math.abs(now.getTime() - signedAt.getTime()) > CLOCK_SKEW_MS)
    return 'the signing date is too far from now';

  const headerNames = parts.signedHeaders.split(';');
  if (!headerNames.includes('host')) return 'the host header is not signed';
  const canonicalHeaders = headerNames.map(
    (name) => `${name}:${(header(request.headers, name) ?? '').replace(/ +/g, ' ')}`,
  );
  const canonicalQuery = signedElements
    .map((element) => (element.includes('=') ? element : `${element}=`))
    .sort()
    .join('&');
  const canonicalRequest = [
    request.method.toUpperCase(),
    path,
    canonicalQuery,
    `${canonicalHeaders.join('\n')}\n`,
    parts.signedHeaders,
    parts.payloadHash,
  ].join('\n');
  const scope = `${scopeDate}/${region}/s3/aws4_request`;
  const stringToSign = [ALGORITHM, parts.date, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = [scopeDate, region, 's3', 'aws4_request'].reduce<Buffer | string>(
    (previous, part) => hmac(previous, part),
    `AWS4${credentials.secretKey}`,
  );
  const expected = hmac(key, stringToSign);
  const provided = Buffer.from(parts.signature, 'hex');
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected))
    return 'the signature does not match';
  return null;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function splitOnce(value: string, separator: string): [string, string?] {
  const at = value.indexOf(separator);
  return at < 0 ? [value] : [value.slice(0, at), value.slice(at + 1)];
}

function parseAmzDate(value: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return new Date(Date.UTC(year as number, (month as number) - 1, day, hour, minute, second));
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function hmac(key: Buffer | string, value: string): Buffer {
  return createHmac('sha256', key).update(value).digest();
}
