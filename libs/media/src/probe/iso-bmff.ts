/** Reads `length` bytes at `offset` of the source (a range request on object storage, or a file read). */
export type ByteReader = (offset: number, length: number) => Promise<Buffer>;

const TOP_LEVEL_TYPES = new Set([
  'ftyp',
  'styp',
  'moov',
  'mdat',
  'free',
  'skip',
  'wide',
  'uuid',
  'meta',
  'pdin',
  'moof',
  'mfra',
  'sidx',
  'udta',
  'junk',
  'pnot',
  'prfl',
]);
const MAX_BOXES = 64;

export type IsoBmffVerdict = 'not-iso-bmff' | 'complete' | 'missing-moov' | 'truncated';

/** True when the first bytes look like an ISO BMFF (MP4, MOV, M4A, 3GP) box header. */
export function looksLikeIsoBmff(head: Buffer): boolean {
  return head.length >= 8 && TOP_LEVEL_TYPES.has(head.toString('latin1', 4, 8));
}

/**
 * Walks the top-level boxes of an MP4/MOV. An interrupted recording or upload ends
 * without its `moov` index (unplayable), or with a box that claims more bytes than the
 * file holds (the media data is cut short). A handful of small reads, even for 8 GiB.
 */
export async function inspectIsoBmff(read: ByteReader, size: number): Promise<IsoBmffVerdict> {
  if (size < 8 || !looksLikeIsoBmff(await read(0, 8))) return 'not-iso-bmff';
  let offset = 0;
  let sawMoov = false;
  for (let boxes = 0; offset < size && boxes < MAX_BOXES; boxes += 1) {
    if (size - offset < 8) return 'truncated';
    const header = await read(offset, Math.min(16, size - offset));
    let boxSize = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (boxSize === 1) {
      if (header.length < 16) return 'truncated';
      boxSize = Number(header.readBigUInt64BE(8));
    } else if (boxSize === 0) {
      boxSize = size - offset;
    }
    if (boxSize < 8) return 'truncated';
    if (type === 'moov') sawMoov = true;
    if (offset + boxSize > size) return sawMoov || type === 'moov' ? 'truncated' : 'missing-moov';
    offset += boxSize;
  }
  return sawMoov ? 'complete' : 'missing-moov';
}
