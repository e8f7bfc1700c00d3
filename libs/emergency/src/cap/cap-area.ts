import type { CapArea, LatLon } from './cap-alert';

/** Kilometres per degree of latitude (and of longitude at the equator). */
const KM_PER_DEGREE = 111.32;

/** Ray casting in the plane of latitude and longitude: fine at the size of a regency. */
export function insidePolygon([lat, lon]: LatLon, polygon: readonly LatLon[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i, i += 1) {
    const [latI, lonI] = polygon[i];
    const [latJ, lonJ] = polygon[j];
    if (lonI > lon !== lonJ > lon && lat < ((latJ - latI) * (lon - lonI)) / (lonJ - lonI) + latI) inside = !inside;
  }
  return inside;
}

const cross = (o: LatLon, a: LatLon, b: LatLon) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

function segmentsCross(a: LatLon, b: LatLon, c: LatLon, d: LatLon): boolean {
  const [d1, d2, d3, d4] = [cross(c, d, a), cross(c, d, b), cross(a, b, c), cross(a, b, d)];
  return d1 * d2 <= 0 && d3 * d4 <= 0 && !(d1 === 0 && d2 === 0 && d3 === 0 && d4 === 0);
}

const edges = (polygon: readonly LatLon[]): Array<[LatLon, LatLon]> =>
  polygon.slice(1).map((point, i) => [polygon[i], point]);

/** Two polygons meet when one has a corner inside the other or their edges cross. */
export function polygonsMeet(a: readonly LatLon[], b: readonly LatLon[]): boolean {
  if (a.some((p) => insidePolygon(p, b)) || b.some((p) => insidePolygon(p, a))) return true;
  return edges(a).some(([p, q]) => edges(b).some(([r, s]) => segmentsCross(p, q, r, s)));
}

/** Distance in km from a circle's centre to a segment, on a plane tangent at the centre. */
function kmToSegment(center: LatLon, [a, b]: [LatLon, LatLon]): number {
  const scale = Math.cos((center[0] * Math.PI) / 180);
  const xy = ([lat, lon]: LatLon) => [(lon - center[1]) * scale * KM_PER_DEGREE, (lat - center[0]) * KM_PER_DEGREE];
  const [ax, ay] = xy(a);
  const [bx, by] = xy(b);
  const [dx, dy] = [bx - ax, by - ay];
  const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

export function circleMeetsPolygon(circle: { center: LatLon; radiusKm: number }, polygon: readonly LatLon[]): boolean {
  return (
    insidePolygon(circle.center, polygon) ||
    edges(polygon).some((edge) => kmToSegment(circle.center, edge) <= circle.radiusKm)
  );
}

/** Whether a CAP area (its polygons and circles; geocodes are not matched) meets a service area. */
export function areaMeets(area: CapArea, serviceArea: readonly LatLon[]): boolean {
  return (
    area.polygons.some((polygon) => polygonsMeet(polygon, serviceArea)) ||
    area.circles.some((circle) => circleMeetsPolygon(circle, serviceArea))
  );
}
