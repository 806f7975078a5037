// A printable A4 poster (SVG, 210 × 297 mm) for a community or a grid: "scan to report
// a problem" in Chinese and English, the place's name, a QR code of its report link
// (/report?c=<code>) and the link in print for those who type it. Pure: no I/O.
import { create as createQr } from 'qrcode';

export interface PosterInput {
  /** The place's name as printed (community, or grid). */
  name: string;
  name_en?: string | null;
  /** A second line: the community and street office of a grid, the street office of a community. */
  under: string;
  kind: 'community' | 'grid';
  code: string;
  /** The full link the QR code encodes. */
  url: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The dark modules of a QR code as one path in module units (runs along each row). */
export function qrPath(text: string): { size: number; d: string } {
  const qr = createQr(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && data[y * size + x]) x++;
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  }
  return { size, d: parts.join('') };
}

const FONT = "'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif";
const GREEN = '#0b6e4f';

export function posterSvg(p: PosterInput): string {
  const { size, d } = qrPath(p.url);
  // The code with a quiet zone of 4 modules, 120 mm wide, centred.
  const qrMm = 120;
  const scale = qrMm / (size + 8);
  const qrX = (210 - qrMm) / 2;
  const qrY = 112;
  const kindZh = p.kind === 'grid' ? '网格' : '社区';
  const kindEn = p.kind === 'grid' ? 'Grid' : 'Community';
  const nameSize = p.name.length > 14 ? 11 : 14;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" font-family="${esc(FONT)}" data-kind="${p.kind}" data-code="${esc(p.code)}">
<title>${esc(`${kindZh} ${p.name} · 扫码反映问题`)}</title>
<rect width="210" height="297" fill="#fff"/>
<rect width="210" height="52" fill="${GREEN}"/>
<text x="105" y="27" text-anchor="middle" font-size="19" font-weight="700" fill="#fff">扫码反映问题</text>
<text x="105" y="41" text-anchor="middle" font-size="8" fill="#fff">Scan to report a problem in your neighbourhood</text>
<text x="105" y="70" text-anchor="middle" font-size="6.5" fill="#555">${kindZh} · ${kindEn}</text>
<text x="105" y="${70 + nameSize + 2}" text-anchor="middle" font-size="${nameSize}" font-weight="700" fill="#111">${esc(p.name)}</text>
${p.name_en ? `<text x="105" y="${86 + nameSize - 4}" text-anchor="middle" font-size="6" fill="#333">${esc(p.name_en)}</text>\n` : ''}<text x="105" y="104" text-anchor="middle" font-size="5.5" fill="#555">${esc(p.under)}</text>
<rect x="${qrX - 2}" y="${qrY - 2}" width="${qrMm + 4}" height="${qrMm + 4}" rx="3" fill="none" stroke="${GREEN}" stroke-width="1"/>
<g transform="translate(${qrX} ${qrY}) scale(${scale.toFixed(5)}) translate(4 4)"><path d="${d}" fill="#000" shape-rendering="crispEdges"/></g>
<text x="105" y="${qrY + qrMm + 13}" text-anchor="middle" font-size="6" fill="#111">①微信或相机扫码 · ②选问题、拍照片 · ③记下查询码看进度</text>
<text x="105" y="${qrY + qrMm + 21}" text-anchor="middle" font-size="4.5" fill="#444">Scan with WeChat or the camera, pick the problem, add a photo,</text>
<text x="105" y="${qrY + qrMm + 27}" text-anchor="middle" font-size="4.5" fill="#444">and keep the tracking code to follow it.</text>
<text x="105" y="${qrY + qrMm + 36}" text-anchor="middle" font-size="5.5" fill="#111">无需注册，姓名和电话可以不填</text>
<text x="105" y="${qrY + qrMm + 42}" text-anchor="middle" font-size="4.5" fill="#444">No account needed; your name and phone are optional.</text>
<text x="105" y="283" text-anchor="middle" font-size="4.5" font-family="monospace" fill="#333">${esc(p.url)}</text>
<text x="105" y="290" text-anchor="middle" font-size="4" fill="#777">城市管理进社区 · ${kindZh}编码 ${esc(p.code)}</text>
</svg>
`;
}

/** The report link of a code under a base URL (no trailing slash). */
export function reportUrl(base: string, code: string): string {
  return `${base}/report?c=${encodeURIComponent(code)}`;
}
