import {
  basicCredentials,
  icecastInputFormat,
  icecastResponse,
  iceResponseXml,
  metadataUpdate,
  parseIcecastRequest,
} from './icecast-protocol';

describe('Icecast protocol', () => {
  it('reads a SOURCE request head', () => {
    const request = parseIcecastRequest(
      'SOURCE /rkb ICE/1.0\r\nAuthorization: Basic c291cmNlOnB3\r\nContent-Type: audio/mpeg\r\nice-name: Pagi: Kota Batik',
    );
    expect(request).toEqual({
      method: 'SOURCE',
      path: '/rkb',
      query: '',
      protocol: 'ICE/1.0',
      headers: new Map([
        ['authorization', 'Basic c291cmNlOnB3'],
        ['content-type', 'audio/mpeg'],
        ['ice-name', 'Pagi: Kota Batik'],
      ]),
    });
  });

  it('splits the query off the path and refuses what is not a request', () => {
    expect(parseIcecastRequest('GET /admin/metadata?mode=updinfo HTTP/1.0')).toMatchObject({
      path: '/admin/metadata',
      query: 'mode=updinfo',
    });
    expect(parseIcecastRequest('hello')).toBeNull();
    expect(parseIcecastRequest('PUT /rkb HTTP/1.1\r\nno colon here')).toBeNull();
  });

  it('reads Basic credentials, the password keeping its colons', () => {
    const header = `Basic ${Buffer.from('source:a:b').toString('base64')}`;
    expect(basicCredentials(header)).toEqual({ user: 'source', password: 'a:b' });
    expect(basicCredentials(`Basic ${Buffer.from('source').toString('base64')}`)).toBeNull();
    expect(basicCredentials('Bearer abc')).toBeNull();
    expect(basicCredentials(undefined)).toBeNull();
  });

  it('maps content types to ffmpeg input formats, MP3 when none is given', () => {
    expect(icecastInputFormat('audio/mpeg')).toBe('mp3');
    expect(icecastInputFormat(undefined)).toBe('mp3');
    expect(icecastInputFormat('audio/aacp')).toBe('aac');
    expect(icecastInputFormat('audio/AAC; charset=x')).toBe('aac');
    expect(icecastInputFormat('application/ogg')).toBe('ogg');
    expect(icecastInputFormat('audio/ogg')).toBe('ogg');
    expect(icecastInputFormat('video/webm')).toBeNull();
  });

  it('decodes a metadata update, in UTF-8 or in the charset it names', () => {
    expect(metadataUpdate('mode=updinfo&mount=%2Frkb&song=Gambang+Suling+%E2%80%93+Ki+Narto')).toEqual({
      mode: 'updinfo',
      mount: '/rkb',
      song: 'Gambang Suling – Ki Narto',
    });
    expect(metadataUpdate('mount=/rkb&mode=updinfo&charset=ISO-8859-1&song=Caf%E9').song).toBe('Café');
    expect(metadataUpdate('mode=updinfo&mount=/rkb&charset=nonsense&song=a%20b').song).toBe('a b');
  });

  it('answers as Icecast does', () => {
    expect(
      icecastResponse(401, 'Authentication Required', { 'WWW-Authenticate': 'Basic realm="Icecast2 Server"' }),
    ).toBe(
      'HTTP/1.0 401 Authentication Required\r\nServer: Siaran\r\nConnection: close\r\nWWW-Authenticate: Basic realm="Icecast2 Server"\r\n\r\n',
    );
    const body = iceResponseXml(true, 'Metadata update successful');
    expect(body).toBe(
      '<?xml version="1.0"?>\n<iceresponse><message>Metadata update successful</message><return>1</return></iceresponse>\n',
    );
    expect(icecastResponse(200, 'OK', {}, body)).toBe(
      `HTTP/1.0 200 OK\r\nServer: Siaran\r\nConnection: close\r\nContent-Type: text/xml\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
  });
});
