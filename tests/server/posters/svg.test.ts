// The poster SVG: the QR code's modules drawn as runs, names escaped, the link printed.
import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { posterSvg, qrPath, reportUrl } from '../../../server/posters/svg.ts';

describe('poster svg', () => {
  it('draws exactly the dark modules of the QR code', () => {
    const text = 'https://city.example.cn/report?c=431302001001';
    const { size, d } = qrPath(text);
    const m = create(text, { errorCorrectionLevel: 'M' }).modules;
    expect(size).toBe(m.size);
    const dark = new Set<string>();
    for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) for (let i = 0; i < Number(w); i++) dark.add(`${Number(x) + i},${y}`);
    let expected = 0;
    for (let y = 0; y < m.size; y++) {
      for (let x = 0; x < m.size; x++) {
        if (!m.data[y * m.size + x]) continue;
        expected++;
        expect(dark.has(`${x},${y}`)).toBe(true);
      }
    }
    expect(dark.size).toBe(expected);
  });

  it('is an A4 page with the names escaped and the link printed', () => {
    const url = reportUrl('https://city.example.cn', '431302001001');
    expect(url).toBe('https://city.example.cn/report?c=431302001001');
    const svg = posterSvg({ kind: 'grid', code: '431302001001002', name: '乐坪<网格>&"2"', under: '乐坪社区 · 乐坪街道', url });
    expect(svg).toContain('width="210mm" height="297mm" viewBox="0 0 210 297"');
    expect(svg).toContain('乐坪&lt;网格&gt;&amp;&quot;2&quot;');
    expect(svg).not.toContain('<网格>');
    expect(svg).toContain(`>${url}</text>`);
    expect(svg).toContain('扫码反映问题');
    expect(svg).toContain(`d="${qrPath(url).d}"`);
  });
});
