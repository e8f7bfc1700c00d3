import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomainError } from '@siaran/core';

/** A CAP message larger than this is refused unread: real alerts are a few kilobytes. */
export const CAP_MAX_BYTES = 64 * 1024;
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

const STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
const MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
const SCOPES = ['Public', 'Restricted', 'Private'] as const;
const URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
const CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
const CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
/** CAP 1.2 dateTime: with seconds and an explicit offset ("Z" is not allowed). */
const CAP_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/;

/** A point as CAP writes it: WGS 84 latitude, longitude. */
export type LatLon = [number, number];

export interface CapArea {
  areaDesc: string;
  polygons: LatLon[][];
  circles: Array<{ center: LatLon; radiusKm: number }>;
  geocodes: Array<{ valueName: string; value: string }>;
}

export interface CapInfo {
  language: string;
  event: string;
  urgency: (typeof URGENCIES)[number];
  severity: (typeof SEVERITIES)[number];
  certainty: (typeof CERTAINTIES)[number];
  expires: Date | null;
  headline: string | null;
  description: string | null;
  instruction: string | null;
  areas: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: Date;
  status: (typeof STATUSES)[number];
  msgType: (typeof MSG_TYPES)[number];
  scope: (typeof SCOPES)[number];
  /** The messages an Update or Cancel refers to. */
  references: Array<{ sender: string; identifier: string }>;
  infos: CapInfo[];
}

const refused = (code: string, message: string) => new DomainError('invalid', code, message);
const schema = (message: string) => refused('CAP_INVALID', `Not a valid CAP 1.2 alert: ${message}`);

/** Only these elements may occur more than once: everything else is a single value. */
const REPEATED = new Set([
  'info',
  'category',
  'responseType',
  'eventCode',
  'parameter',
  'area',
  'polygon',
  'circle',
  'geocode',
  'resource',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Elements without their namespace prefix (cap:alert reads as alert); the xmlns attributes stay, to be checked.
  transformTagName: (name) => name.replace(/^[^:]+:/, ''),
  // No entity is expanded by the parser; the five XML predefines and character references are decoded by `decoded`.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

type Node = Record<string, unknown>;

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's predefined entities and character references; nothing else (no entity of a DTD is ever known). */
const decoded = (value: string) =>
  value.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, name: string) =>
    name.startsWith('#x')
      ? String.fromCodePoint(parseInt(name.slice(2), 16))
      : name.startsWith('#')
        ? String.fromCodePoint(Number(name.slice(1)))
        : PREDEFINED[name],
  );

function text(node: Node, name: string, required: true): string;
function text(node: Node, name: string, required: false): string | null;
function text(node: Node, name: string, required: boolean): string | null {
  const value = node[name];
  if (value === undefined || value === '') {
    if (required) throw schema(`<${name}> is required`);
    return null;
  }
  if (typeof value !== 'string') throw schema(`<${name}> must hold text`);
  return decoded(value);
}

function oneOf<T extends string>(node: Node, name: string, allowed: readonly T[]): T {
  const value = text(node, name, true);
  if (!(allowed as readonly string[]).includes(value)) throw schema(`<${name}> must be one of ${allowed.join(', ')}`);
  return value as T;
}

function dateTime(node: Node, name: string, required: boolean): Date | null {
  const value = required ? text(node, name, true) : text(node, name, false);
  if (value === null) return null;
  if (!CAP_DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))
    throw schema(`<${name}> must be a date and time with its offset, as 2026-12-05T14:00:00+07:00`);
  return new Date(value);
}

function point(pair: string, what: string): LatLon {
  const [lat, lon] = pair.split(',').map(Number);
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
    throw schema(`${what} has a point that is not "latitude,longitude": ${pair}`);
  return [lat, lon];
}

function area(node: Node): CapArea {
  const polygons = ((node.polygon as string[] | undefined) ?? []).map((value) => {
    const points = value
      .trim()
      .split(/\s+/)
      .map((pair) => point(pair, '<polygon>'));
    const [first, last] = [points[0], points.at(-1) as LatLon];
    if (points.length < 4 || first[0] !== last[0] || first[1] !== last[1])
      throw schema('<polygon> needs at least four points, the last equal to the first');
    return points;
  });
  const circles = ((node.circle as string[] | undefined) ?? []).map((value) => {
    const [centre, radius] = value.trim().split(/\s+/);
    const radiusKm = Number(radius);
    if (!Number.isFinite(radiusKm) || radiusKm < 0) throw schema('<circle> must be "latitude,longitude radius-in-km"');
    return { center: point(centre ?? '', '<circle>'), radiusKm };
  });
  const geocodes = ((node.geocode as Node[] | undefined) ?? []).map((geocode) => ({
    valueName: text(geocode, 'valueName', true),
    value: text(geocode, 'value', true),
  }));
  return { areaDesc: text(node, 'areaDesc', true), polygons, circles, geocodes };
}

function info(node: Node): CapInfo {
  const categories = (node.category as unknown[] | undefined) ?? [];
  if (categories.length === 0) throw schema('<info> needs a <category>');
  for (const category of categories)
    if (!(CATEGORIES as readonly unknown[]).includes(category))
      throw schema(`<category> must be one of ${CATEGORIES.join(', ')}`);
  return {
    language: text(node, 'language', false) ?? 'en-US',
    event: text(node, 'event', true),
    urgency: oneOf(node, 'urgency', URGENCIES),
    severity: oneOf(node, 'severity', SEVERITIES),
    certainty: oneOf(node, 'certainty', CERTAINTIES),
    expires: dateTime(node, 'expires', false),
    headline: text(node, 'headline', false),
    description: text(node, 'description', false),
    instruction: text(node, 'instruction', false),
    areas: ((node.area as Node[] | undefined) ?? []).map(area),
  };
}

/**
 * Reads a CAP 1.2 alert. Refused before parsing: more than CAP_MAX_BYTES, and any DOCTYPE or
 * entity declaration (no entity is ever resolved, nor an external one fetched); then XML that
 * is not well-formed, a root other than CAP 1.2's `alert`, and anything the CAP 1.2 schema
 * requires that is missing or out of its value set.
 */
export function parseCapAlert(body: Buffer): CapAlert {
  if (body.length > CAP_MAX_BYTES)
    throw refused('CAP_TOO_LARGE', `A CAP alert may be at most ${CAP_MAX_BYTES} bytes; this one has ${body.length}.`);
  const xml = body.toString('utf8');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw refused('CAP_DOCTYPE_REFUSED', 'DOCTYPE and entity declarations are refused: CAP 1.2 alerts have none.');
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true)
    throw refused('CAP_MALFORMED', `Malformed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`);
  const document = parser.parse(xml) as Node;
  const found: unknown = document.alert;
  const root: Node = found && typeof found === 'object' ? (found as Node) : {};
  const namespaces = Object.entries(root).filter(([key]) => /^@xmlns(:|$)/.test(key));
  if (!namespaces.some(([, value]) => value === CAP_NAMESPACE))
    throw refused('CAP_NOT_1_2', `Not a CAP 1.2 alert: the root must be <alert xmlns="${CAP_NAMESPACE}">`);
  const msgType = oneOf(root, 'msgType', MSG_TYPES);
  const references = (text(root, 'references', false) ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((reference) => {
      const [sender, identifier, sent] = reference.split(',');
      if (!sender || !identifier || !sent) throw schema('<references> must list "sender,identifier,sent" triples');
      return { sender, identifier };
    });
  if ((msgType === 'Update' || msgType === 'Cancel') && references.length === 0)
    throw schema(`an ${msgType} needs <references> naming the alert it changes`);
  const infos = ((root.info as Node[] | undefined) ?? []).map(info);
  if (msgType === 'Alert' && infos.length === 0) throw schema('an Alert needs an <info>');
  return {
    identifier: text(root, 'identifier', true),
    sender: text(root, 'sender', true),
    sent: dateTime(root, 'sent', true) as Date,
    status: oneOf(root, 'status', STATUSES),
    msgType,
    scope: oneOf(root, 'scope', SCOPES),
    references,
    infos,
  };
}
