// Residents' photos lose the metadata that can carry a location (JPEG Exif/XMP/IPTC,
// PNG eXIf and text chunks) and keep their image data; other files are refused.
import { describe, expect, it } from 'vitest';
import { cleanPhoto, PhotoError } from '../../../server/media/strip.ts';

const seg = (marker: number, payload: Buffer) => {
  const h = Buffer.alloc(4);
  h[0] = 0xff; h[1] = marker; h.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([h, payload]);
};
const GPS = Buffer.from('Exif\0\0MM\0*GPSLatitude 27.7313 GPSLongitude 111.9977');
const jpeg = () => Buffer.concat([
  Buffer.from([0xff, 0xd8]),
  seg(0xe0, Buffer.from('JFIF\0\x01\x01')),
  seg(0xe1, GPS),
  seg(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<exif:GPSLatitude>27.7</exif:GPSLatitude>')),
  seg(0xe2, Buffer.from('ICC_PROFILE\0')),
  seg(0xdb, Buffer.alloc(65, 1)),
  seg(0xda, Buffer.from([1, 2, 3])), Buffer.from([9, 9, 0xff, 0x00, 7]), Buffer.from([0xff, 0xd9]),
]);
const chunk = (type: string, data: Buffer) => {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(data.length, 0); h.write(type, 4, 'latin1');
  return Buffer.concat([h, data, Buffer.alloc(4)]);
};
const png = () => Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', Buffer.alloc(13)), chunk('eXIf', GPS), chunk('tEXt', Buffer.from('GPS\x0027.7,111.9')), chunk('IDAT', Buffer.from([5, 6, 7])), chunk('IEND', Buffer.alloc(0)),
]);

describe('photo cleaning', () => {
  it('drops JPEG Exif and XMP (GPS) and keeps JFIF, ICC, tables and the image data', () => {
    const { type, bytes } = cleanPhoto(jpeg());
    expect(type).toBe('image/jpeg');
    const s = bytes.toString('latin1');
    expect(s).not.toMatch(/GPS|Exif|xap/);
    expect(s).toMatch(/JFIF/);
    expect(s).toMatch(/ICC_PROFILE/);
    // The scan and everything after it are copied as they were.
    expect([...bytes.subarray(-14)]).toEqual([0xff, 0xda, 0, 5, 1, 2, 3, 9, 9, 0xff, 0x00, 7, 0xff, 0xd9]);
    expect(bytes.length).toBe(jpeg().length - (GPS.length + 4) - (4 + 'http://ns.adobe.com/xap/1.0/\0<exif:GPSLatitude>27.7</exif:GPSLatitude>'.length));
  });

  it('drops PNG eXIf and text chunks and keeps the image chunks', () => {
    const { type, bytes } = cleanPhoto(png());
    expect(type).toBe('image/png');
    const s = bytes.toString('latin1');
    expect(s).not.toMatch(/GPS|eXIf|tEXt/);
    expect(s).toMatch(/IHDR[\s\S]*IDAT[\s\S]*IEND/);
  });

  it('refuses what is not a JPEG or PNG, and broken files', () => {
    expect(() => cleanPhoto(Buffer.from('GIF89a....'))).toThrow(PhotoError);
    expect(() => cleanPhoto(jpeg().subarray(0, 30))).toThrow(/broken JPEG/);
    expect(() => cleanPhoto(png().subarray(0, 40))).toThrow(/broken PNG/);
  });
});
