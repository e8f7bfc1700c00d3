/** The still-image formats a station logo may be uploaded in. */
export type ImageFormat = 'png' | 'jpeg';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff]);
const JPEG_END = Buffer.from([0xff, 0xd9]);
/** Length, type and CRC around each PNG chunk's data. */
const PNG_CHUNK_OVERHEAD = 12;

/** The format the bytes say they are (magic numbers), whatever the uploader declared. */
export function sniffImage(bytes: Buffer): ImageFormat | undefined {
  if (bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'png';
  if (bytes.subarray(0, JPEG_START.length).equals(JPEG_START)) return 'jpeg';
  return undefined;
}

/**
 * Whether the file holds its whole structure: a PNG whose chunks all fit and reach IEND,
 * a JPEG that has its end-of-image marker after the start. Catches an interrupted upload
 * before any decoder sees it (ffmpeg decodes a cut JPEG with only a warning).
 */
export function isCompleteImage(bytes: Buffer, format: ImageFormat): boolean {
  if (format === 'jpeg') return bytes.lastIndexOf(JPEG_END) >= JPEG_START.length;
  let offset = PNG_SIGNATURE.length;
  while (offset + PNG_CHUNK_OVERHEAD <= bytes.length) {
    const end = offset + PNG_CHUNK_OVERHEAD + bytes.readUInt32BE(offset);
    if (end > bytes.length) return false;
    if (bytes.toString('latin1', offset + 4, offset + 8) === 'IEND') return true;
    offset = end;
  }
  return false;
}
