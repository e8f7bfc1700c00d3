import { parseCapAlert } from './cap-alert';

const alert = (body: string, root = 'alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"') =>
  Buffer.from(`<?xml version="1.0"?><${root}>${body}</${root.split(' ')[0]}>`);

const HEAD = `<identifier>BMKG-1</identifier><sender>bmkg@example.id</sender><sent>2026-12-05T14:00:00+07:00</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>`;
const INFO = `<info><language>id-ID</language><category>Geo</category><event>Gempa</event><urgency>Immediate</urgency>
  <severity>Extreme</severity><certainty>Observed</certainty><headline>Gempa M6,2 &amp; tsunami &#x2013; &lt;awas&gt;</headline>
  <area><areaDesc>Pekalongan</areaDesc><circle>-6.88,109.67 10</circle><geocode><valueName>BPS</valueName><value>3375</value></geocode></area></info>`;

describe('reading CAP 1.2', () => {
  it('reads an alert, decoding only the predefined entities and character references', () => {
    const parsed = parseCapAlert(alert(HEAD + INFO));
    expect(parsed).toMatchObject({ identifier: 'BMKG-1', msgType: 'Alert', status: 'Actual', references: [] });
    expect(parsed.sent.toISOString()).toBe('2026-12-05T07:00:00.000Z');
    expect(parsed.infos[0]).toMatchObject({
      language: 'id-ID',
      severity: 'Extreme',
      urgency: 'Immediate',
      headline: 'Gempa M6,2 & tsunami – <awas>',
    });
    expect(parsed.infos[0].areas[0]).toEqual({
      areaDesc: 'Pekalongan',
      polygons: [],
      circles: [{ center: [-6.88, 109.67], radiusKm: 10 }],
      geocodes: [{ valueName: 'BPS', value: '3375' }],
    });
  });

  it('reads an alert whose elements carry a namespace prefix', () => {
    const prefixed = (HEAD + INFO).replace(/<(\/?)(\w+)>/g, '<$1cap:$2>');
    const parsed = parseCapAlert(alert(prefixed, 'cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2"'));
    expect(parsed.identifier).toBe('BMKG-1');
  });

  it('refuses what is not CAP 1.2 or breaks its rules, each with its reason', () => {
    const code = (body: Buffer) => {
      try {
        parseCapAlert(body);
      } catch (error) {
        return [(error as { code: string }).code, (error as Error).message];
      }
      return null;
    };
    expect(code(alert(HEAD + INFO, 'alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"'))?.[0]).toBe('CAP_NOT_1_2');
    expect(
      code(alert(HEAD.replace('<sent>2026-12-05T14:00:00+07:00</sent>', '<sent>2026-12-05T07:00:00Z</sent>') + INFO)),
    ).toEqual([
      'CAP_INVALID',
      'Not a valid CAP 1.2 alert: <sent> must be a date and time with its offset, as 2026-12-05T14:00:00+07:00',
    ]);
    expect(code(alert(HEAD.replace('<scope>Public</scope>', '') + INFO))?.[1]).toMatch(/<scope> is required/);
    expect(code(alert(HEAD))?.[1]).toMatch(/an Alert needs an <info>/);
    expect(code(alert(HEAD + INFO.replace('<category>Geo</category>', '')))?.[1]).toMatch(/needs a <category>/);
    expect(code(alert(HEAD + INFO.replace('-6.88,109.67 10', '-6.88 10')))?.[0]).toBe('CAP_INVALID');
    expect(code(Buffer.from(`<!DOCTYPE x [<!ENTITY e "boom">]>${alert(HEAD + INFO).toString()}`))?.[0]).toBe(
      'CAP_DOCTYPE_REFUSED',
    );
    expect(code(Buffer.from('<alert>'))?.[0]).toBe('CAP_MALFORMED');
    expect(code(Buffer.alloc(64 * 1024 + 1, 32))?.[0]).toBe('CAP_TOO_LARGE');
  });
});
