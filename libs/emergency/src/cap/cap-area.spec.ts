import { areaMeets, circleMeetsPolygon, insidePolygon, polygonsMeet } from './cap-area';
import type { LatLon } from './cap-alert';

/** Kota Pekalongan, roughly. */
const PEKALONGAN: LatLon[] = [
  [-6.84, 109.63],
  [-6.84, 109.72],
  [-6.93, 109.72],
  [-6.93, 109.63],
  [-6.84, 109.63],
];
/** Kabupaten Kudus, roughly. */
const KUDUS: LatLon[] = [
  [-6.68, 110.78],
  [-6.68, 110.92],
  [-6.88, 110.92],
  [-6.88, 110.78],
  [-6.68, 110.78],
];

describe('CAP areas against service areas', () => {
  it('finds points inside a polygon', () => {
    expect(insidePolygon([-6.89, 109.67], PEKALONGAN)).toBe(true);
    expect(insidePolygon([-6.8, 110.85], PEKALONGAN)).toBe(false);
  });

  it('meets polygons that overlap, contain one another or cross, not those apart', () => {
    const coast: LatLon[] = [
      [-6.8, 109.6],
      [-6.8, 109.8],
      [-6.86, 109.8],
      [-6.86, 109.6],
      [-6.8, 109.6],
    ];
    const centralJava: LatLon[] = [
      [-6.4, 108.8],
      [-6.4, 111.7],
      [-8.2, 111.7],
      [-8.2, 108.8],
      [-6.4, 108.8],
    ];
    const cross: LatLon[] = [
      [-6.8, 109.66],
      [-6.8, 109.68],
      [-7.0, 109.68],
      [-7.0, 109.66],
      [-6.8, 109.66],
    ];
    expect(polygonsMeet(coast, PEKALONGAN)).toBe(true);
    expect(polygonsMeet(centralJava, PEKALONGAN)).toBe(true);
    expect(polygonsMeet(cross, PEKALONGAN)).toBe(true);
    expect(polygonsMeet(coast, KUDUS)).toBe(false);
  });

  it('meets a circle whose centre is inside or whose edge reaches the area', () => {
    expect(circleMeetsPolygon({ center: [-6.89, 109.67], radiusKm: 1 }, PEKALONGAN)).toBe(true);
    // 0.05° north of the area's northern edge is about 5.6 km.
    expect(circleMeetsPolygon({ center: [-6.79, 109.67], radiusKm: 6 }, PEKALONGAN)).toBe(true);
    expect(circleMeetsPolygon({ center: [-6.79, 109.67], radiusKm: 5 }, PEKALONGAN)).toBe(false);
  });

  it('matches a CAP area by any of its polygons or circles', () => {
    const area = {
      areaDesc: 'Kudus',
      polygons: [],
      circles: [{ center: [-6.8, 110.85] as LatLon, radiusKm: 10 }],
      geocodes: [],
    };
    expect(areaMeets(area, KUDUS)).toBe(true);
    expect(areaMeets(area, PEKALONGAN)).toBe(false);
  });
});
