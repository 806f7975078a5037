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

const bytesOf = (dataUrl: string) => Math.floor(((dataUrl.length - dataUrl.indexOf(',') - 1) * 3) / 4);

export async function shrinkPhoto(file: Blob): Promise<Shrunk> {
  const bitmap = await createImageBitmap(file);
  try {
    let edge = Math.min(MAX_EDGE, Math.max(bitmap.width, bitmap.height));
    for (;;) {
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
      for (const quality of [0.85, 0.7, 0.55]) {
        const dataUrl = canvas.toDataURL('image/jpeg', quality);
        const bytes = bytesOf(dataUrl);
        if (bytes <= MAX_BYTES) return { dataUrl, bytes, width, height };
      }
      if (edge <= 320) throw new Error('photo too large');
      edge = Math.round(edge * 0.75);
    }
  } finally {
    bitmap.close();
  }
}
