// Photos from residents: only JPEG and PNG, checked by their bytes, with the metadata
// that can carry a location removed (JPEG: APP1 Exif/XMP, APP13 IPTC and the other
// application segments except JFIF, ICC profile and Adobe; PNG: eXIf and text
// chunks). The pixels stay as they are. Pure: bytes in, bytes out. (Dropping Exif
// drops its orientation flag too: a phone photo may show turned.)
export type PhotoType = 'image/jpeg' | 'image/png';

export class PhotoError extends Error {
  override name = 'PhotoError';
}

/** APP0 (JFIF), APP2 (ICC profile), APP14 (Adobe colour transform) are kept. */
const KEEP_APP = new Set([0xe0, 0xe2, 0xee]);

export function stripJpeg(buf: Buffer): Buffer {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) throw new PhotoError('not a JPEG file');
  const out: Buffer[] = [buf.subarray(0, 2)];
  let i = 2;
  while (i < buf.length) {
    if (buf[i] !== 0xff) throw new PhotoError(`broken JPEG: no marker at byte ${i}`);
    const marker = buf[i + 1]!;
    if (marker === 0xff) { i++; continue; } // fill byte
    if (marker === 0xd9) { out.push(buf.subarray(i, i + 2)); return Buffer.concat(out); }
    if (marker >= 0xd0 && marker <= 0xd7) { out.push(buf.subarray(i, i + 2)); i += 2; continue; }
    if (i + 4 > buf.length) throw new PhotoError('broken JPEG: truncated segment');
    const len = buf.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > buf.length) throw new PhotoError('broken JPEG: segment runs past the end');
    const end = i + 2 + len;
    if (marker === 0xda) { out.push(buf.subarray(i)); return Buffer.concat(out); } // start of scan: the rest is image data
    const app = marker >= 0xe0 && marker <= 0xef;
    if (!app || KEEP_APP.has(marker)) out.push(buf.subarray(i, end));
    i = end;
  }
  throw new PhotoError('broken JPEG: no image data');
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DROP_PNG = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt']);

export function stripPng(buf: Buffer): Buffer {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new PhotoError('not a PNG file');
  const out: Buffer[] = [buf.subarray(0, 8)];
  let i = 8;
  while (i < buf.length) {
    if (i + 12 > buf.length) throw new PhotoError('broken PNG: truncated chunk');
    const len = buf.readUInt32BE(i);
    const type = buf.toString('latin1', i + 4, i + 8);
    const end = i + 12 + len;
    if (end > buf.length) throw new PhotoError('broken PNG: chunk runs past the end');
    if (!DROP_PNG.has(type)) out.push(buf.subarray(i, end));
    i = end;
    if (type === 'IEND') return Buffer.concat(out);
  }
  throw new PhotoError('broken PNG: no IEND chunk');
}

/** The photo's type by its bytes and the photo without location metadata. */
export function cleanPhoto(buf: Buffer): { type: PhotoType; bytes: Buffer } {
  if (buf[0] === 0xff && buf[1] === 0xd8) return { type: 'image/jpeg', bytes: stripJpeg(buf) };
  if (buf.subarray(0, 8).equals(PNG_SIGNATURE)) return { type: 'image/png', bytes: stripPng(buf) };
  throw new PhotoError('a photo must be a JPEG or PNG image');
}
