// Photos from a phone are often 4-12 MB: each is drawn into a canvas no longer than
// MAX_EDGE on its long side and sent as a JPEG, lowering the quality until it fits the
// server's limit (2 MiB decoded). Drawing re-encodes the pixels, so the camera's
// metadata is not sent at all (the server strips it again anyway).

export const MAX_EDGE = 1600;
/** Under the server's 2 MiB, with room to spare. */
export const MAX_BYTES = 1_500_000;
export const MAX_PHOTOS = 3;

export interface Shrunk {
  dataUrl: string;
  bytes: number;
  width: number;
  height: number;
}

const QUALITY = 0.82;

function encode(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the photo cannot be encoded'))), 'image/jpeg', quality));
}

function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result as string);
    r.onerror = () => reject(r.error ?? new Error('the photo cannot be read'));
    r.readAsDataURL(blob);
  });
}

/** The photo's size from its header (an <img> reads it without decoding the pixels). */
function sizeOf(file: Blob): Promise<{ width: number; height: number } | null> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img.naturalWidth > 0 ? { width: img.naturalWidth, height: img.naturalHeight } : null);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      resolve(null);
    };
    img.src = url;
  });
}

/** The photo decoded straight to at most MAX_EDGE on its long side (the browser scales while decoding). */
async function decodeSmall(file: Blob): Promise<ImageBitmap> {
  const size = await sizeOf(file);
  if (!size || Math.max(size.width, size.height) <= MAX_EDGE) return createImageBitmap(file);
  const k = MAX_EDGE / Math.max(size.width, size.height);
  return createImageBitmap(file, { resizeWidth: Math.round(size.width * k), resizeHeight: Math.round(size.height * k), resizeQuality: 'high' });
}

export async function shrinkPhoto(file: Blob): Promise<Shrunk> {
  const bitmap = await decodeSmall(file);
  try {
    let edge = Math.min(MAX_EDGE, Math.max(bitmap.width, bitmap.height));
    for (let attempt = 0; ; attempt++) {
      const k = edge / Math.max(bitmap.width, bitmap.height);
      const width = Math.max(1, Math.round(bitmap.width * k));
      const height = Math.max(1, Math.round(bitmap.height * k));
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, width, height);
      g.drawImage(bitmap, 0, 0, width, height);
      const quality = attempt < 3 ? QUALITY : 0.6;
      const blob = await encode(canvas, quality);
      if (blob.size <= MAX_BYTES) return { dataUrl: await dataUrlOf(blob), bytes: blob.size, width, height };
      if (edge <= 320) throw new Error('photo too large');
      // Bytes grow with the area: aim straight below the limit rather than step down.
      edge = Math.max(320, Math.floor(edge * Math.min(0.9, Math.sqrt(MAX_BYTES / blob.size) * 0.95)));
    }
  } finally {
    bitmap.close();
  }
}
