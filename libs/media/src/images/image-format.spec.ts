import { isCompleteImage, sniffImage } from './image-format';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A PNG chunk: length, type, data, and a CRC the walk does not check. */
function chunk(type: string, data: number[]): number[] {
  const length = [0, 0, 0, data.length];
  return [...length, ...Buffer.from(type, 'latin1'), ...data, 0, 0, 0, 0];
}

const png = Buffer.from([
  ...PNG_SIGNATURE,
  ...chunk('IHDR', Array(13).fill(1)),
  ...chunk('IDAT', [1, 2, 3, 4]),
  ...chunk('IEND', []),
]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3, 0xff, 0xd9]);

describe('sniffImage', () => {
  it('tells PNG and JPEG by their magic numbers, whatever the name or declared type', () => {
    expect(sniffImage(png)).toBe('png');
    expect(sniffImage(jpeg)).toBe('jpeg');
  });

  it('knows nothing else', () => {
    expect(sniffImage(Buffer.from('bukan gambar\n'))).toBeUndefined();
    expect(sniffImage(Buffer.alloc(0))).toBeUndefined();
    expect(sniffImage(Buffer.from('GIF89a'))).toBeUndefined();
    expect(sniffImage(Buffer.from(PNG_SIGNATURE.slice(0, 7)))).toBeUndefined();
  });
});

describe('isCompleteImage', () => {
  it('accepts a PNG whose chunks reach IEND and a JPEG with its end marker', () => {
    expect(isCompleteImage(png, 'png')).toBe(true);
    expect(isCompleteImage(jpeg, 'jpeg')).toBe(true);
  });

  it('refuses a PNG cut anywhere before the end of IEND', () => {
    for (let length = PNG_SIGNATURE.length; length < png.length; length += 1)
      expect(isCompleteImage(png.subarray(0, length), 'png')).toBe(false);
  });

  it('refuses a PNG whose chunk claims more bytes than the file has', () => {
    const lying = Buffer.from(png);
    lying.writeUInt32BE(1_000_000, PNG_SIGNATURE.length + 25);
    expect(isCompleteImage(lying, 'png')).toBe(false);
  });

  it('refuses a JPEG without its end marker', () => {
    expect(isCompleteImage(jpeg.subarray(0, jpeg.length - 1), 'jpeg')).toBe(false);
    expect(isCompleteImage(Buffer.from([0xff, 0xd8, 0xff]), 'jpeg')).toBe(false);
  });
});
