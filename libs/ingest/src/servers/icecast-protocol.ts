import { TextDecoder } from 'node:util';
import type { IcecastInputFormat } from './feed-input-args';

/** The request line and headers (names in lower case) of an Icecast source or admin request. */
export interface IcecastRequest {
  method: string;
  path: string;
  query: string;
  protocol: string;
  headers: Map<string, string>;
}

/** Reads a request head (everything before the blank line), or null when it is not one. */
export function parseIcecastRequest(head: string): IcecastRequest | null {
  const [requestLine, ...headerLines] = head.split(/\r?\n/);
  const match = /^([A-Z]+) (\/\S*) ((?:HTTP|ICE)\/1\.[01])$/.exec(requestLine);
  if (!match) return null;
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const [path, query = ''] = splitOnce(match[2], '?');
  return { method: match[1], path, query, protocol: match[3], headers };
}

export function basicCredentials(authorization: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
  if (!match) return null;
  const [user, password] = splitOnce(Buffer.from(match[1], 'base64').toString('utf8'), ':');
  return password === undefined ? null : { user, password };
}

/**
 * The ffmpeg input format of a source's Content-Type; null when the encoder cannot take it.
 * Without one, Icecast and its clients assume MP3.
 */
export function icecastInputFormat(contentType: string | undefined): IcecastInputFormat | null {
  const type = (contentType ?? 'audio/mpeg').split(';')[0].trim().toLowerCase();
  if (type === 'audio/mpeg' || type === 'audio/mp3') return 'mp3';
  if (type === 'audio/aac' || type === 'audio/aacp' || type === 'audio/x-aac') return 'aac';
  if (type === 'application/ogg' || type === 'audio/ogg') return 'ogg';
  return null;
}

/** The parameters of `/admin/metadata?mode=updinfo&mount=/m&song=…`, the song decoded from its `charset` (UTF-8 by default). */
export function metadataUpdate(query: string): { mode: string; mount: string; song: string } {
  const raw = new Map<string, string>();
  for (const pair of query.split('&')) {
    const [name, value = ''] = splitOnce(pair, '=');
    if (name) raw.set(name, value);
  }
  const text = (name: string) => decodeQueryValue(raw.get(name) ?? '', 'utf-8');
  return {
    mode: text('mode'),
    mount: text('mount'),
    song: decodeQueryValue(raw.get('song') ?? '', text('charset') || 'utf-8'),
  };
}

function decodeQueryValue(value: string, charset: string): string {
  const bytes: number[] = [];
  const plain = value.replace(/\+/g, ' ');
  for (let i = 0; i < plain.length; i += 1) {
    const hex = plain[i] === '%' ? plain.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(plain[i], 'utf8'));
    }
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(Uint8Array.from(bytes));
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

/** A complete response, as Icecast sends them (HTTP/1.0, then the connection closes). */
export function icecastResponse(
  status: number,
  reason: string,
  headers: Record<string, string> = {},
  body = '',
): string {
  const lines = [`HTTP/1.0 ${status} ${reason}`, 'Server: Siaran', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body) lines.push('Content-Type: text/xml', `Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

export function iceResponseXml(success: boolean, message: string): string {
  return `<?xml version="1.0"?>\n<iceresponse><message>${escapeXml(message)}</message><return>${success ? 1 : 0}</return></iceresponse>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
