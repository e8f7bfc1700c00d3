// HTTP helpers for benchmarks that go through the API: login, a station, a streamed multipart upload.
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';

/** One JSON request to the API; throws on any answer but 2xx. */
export async function api(base, token, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export async function login(base, email, password) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return (await res.json()).token;
}

export async function createStation(base, token, slug) {
  const res = await fetch(`${base}/api/v1/stations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ slug, name: `LPPL ${slug}` }),
  });
  if (res.status !== 201) throw new Error(`station failed: ${res.status} ${await res.text()}`);
  return (await res.json()).id;
}

/** POSTs fields then a body of `size` bytes from `body` (a Readable) as multipart; resolves with status and JSON. */
export function postMultipart(url, token, fields, fileName, body, size) {
  const boundary = `bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(head.length + size + tail.length),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : {} }));
      },
    );
    req.on('error', reject);
    req.write(head);
    body.on('end', () => req.end(tail));
    body.pipe(req, { end: false });
  });
}

export async function uploadFile(base, token, stationId, path, fields) {
  const res = await postMultipart(
    `${base}/api/v1/stations/${stationId}/assets`,
    token,
    fields,
    path.split('/').pop(),
    createReadStream(path),
    statSync(path).size,
  );
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
