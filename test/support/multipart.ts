import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { type Readable } from 'node:stream';

export interface RawResponse {
  status: number;
  body: { code?: string; [key: string]: unknown };
}

export interface MultipartFile {
  name: string;
  body: Readable;
  size: number;
  /** The part's Content-Type; application/octet-stream when absent. */
  type?: string;
}

/**
 * Sends (POST, or `method`) fields, one file, then `fieldsAfterFile` as multipart/form-data, streaming the file,
 * and resolves with the response even when the server answers (413, 401…) and closes before
 * the body is sent, as a browser or curl would report it.
 */
export function sendMultipart(
  url: string,
  headers: Record<string, string>,
  fields: Record<string, string>,
  file: MultipartFile,
  method = 'POST',
  fieldsAfterFile: Record<string, string> = {},
): Promise<RawResponse> {
  const boundary = `siaran${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
  );
  const tail = Buffer.from(
    `\r\n${Object.entries(fieldsAfterFile)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('')}--${boundary}--\r\n`,
  );
  return new Promise((resolve, reject) => {
    let answered = false;
    let writeError: Error | undefined;
    const req = request(
      url,
      {
        method,
        headers: {
          ...headers,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(head.length + file.size + tail.length),
        },
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) reject(new Error(`the connection closed in the middle of the ${res.statusCode} answer`));
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') return reject(error);
      writeError = error;
    });
    req.on('close', () => {
      if (!answered) reject(writeError ?? new Error('the connection closed without an answer'));
    });
    req.write(head);
    file.body.on('error', reject);
    file.body.on('end', () => req.end(tail));
    file.body.pipe(req, { end: false });
  });
}

export function fileBody(path: string, type?: string): MultipartFile {
  return {
    name: path.split('/').pop() as string,
    body: createReadStream(path),
    size: statSync(path).size,
    ...(type ? { type } : {}),
  };
}
