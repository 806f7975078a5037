// The Open311 answer formats: XML built from the same value as the JSON, escaped and
// well-formed whatever the text holds; W3C date-times in China Standard Time; and
// the test reader of XML refusing what is not well-formed (so the route tests can fail).
import { describe, expect, it } from 'vitest';
import { escapeXml, formatOfPath, toXml, w3 } from '../../../server/open311/format.ts';
import { childText, childrenOf, parseXml } from '../../helpers/xml.ts';

describe('Open311 formats', () => {
  it('writes lists with their singular element, nulls and empty lists as empty elements', () => {
    const xml = toXml('service_requests', [
      { service_request_id: '20260601000001', status: 'open', address_id: null, lat: 27.7, extended_attributes: { overdue: false, history: [{ status: 'reported' }, { status: 'verified' }] } },
      { service_request_id: '20260601000002', media_url: undefined, extended_attributes: { history: [] } },
    ]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<service_requests>')).toBe(true);
    const root = parseXml(xml);
    const requests = childrenOf(root, 'request');
    expect(requests.map((r) => childText(r, 'service_request_id'))).toEqual(['20260601000001', '20260601000002']);
    expect(childText(requests[0]!, 'address_id')).toBe('');
    expect(childText(requests[0]!, 'lat')).toBe('27.7');
    const ext = childrenOf(requests[0]!, 'extended_attributes')[0]!;
    expect(childText(ext, 'overdue')).toBe('false');
    expect(childrenOf(childrenOf(ext, 'history')[0]!, 'event').map((e) => childText(e, 'status'))).toEqual(['reported', 'verified']);
    expect(childrenOf(requests[1]!, 'media_url')).toEqual([]);
    expect(xml).toContain('<history/>');
  });

  it('escapes markup and drops characters XML cannot hold, keeping every other character', () => {
    const nasty = `<script>alert("x")</script> & 'q' ]]> \u0001\u0008\u000B\uFFFE 井盖 😀 \uD800 tab\tline\nend`;
    expect(escapeXml('a<b>&"\'')).toBe('a&lt;b&gt;&amp;&quot;&apos;');
    const root = parseXml(toXml('errors', [{ code: 400, description: nasty }]));
    const text = childText(childrenOf(root, 'error')[0]!, 'description');
    expect(text).toBe([...'\u0001\u0008\u000B\uFFFE\uD800'].reduce((t, c) => t.replaceAll(c, ''), nasty));
    expect(text).toContain('井盖 😀');
  });

  it('refuses element names and lists it does not know', () => {
    expect(() => toXml('errors', [{ 'bad name': 1 }])).toThrow(/not an XML element name/);
    expect(() => toXml('x', { things: [1] })).toThrow(/no item element/);
  });

  it('formats instants as W3C date-times at +08:00 and picks the format by extension', () => {
    expect(w3(new Date('2026-06-01T00:30:00Z'))).toBe('2026-06-01T08:30:00+08:00');
    expect(w3('2026-12-31T20:00:00.500Z')).toBe('2027-01-01T04:00:00+08:00');
    expect(w3(null)).toBeNull();
    expect(formatOfPath('/open311/v2/services.xml')).toBe('xml');
    expect(formatOfPath('/open311/v2/services.json')).toBe('json');
    expect(formatOfPath('/open311/v2/nothing')).toBe('json');
  });

  it('the test XML reader refuses documents that are not well-formed', () => {
    const ok = '<?xml version="1.0" encoding="UTF-8"?>\n<a><b>x &amp; y &#x4E95;</b><c/></a>';
    expect(childText(parseXml(ok), 'b')).toBe('x & y 井');
    for (const bad of [
      '<a></a>',
      '<?xml version="1.0" encoding="UTF-8"?><a><b></a></b>',
      '<?xml version="1.0" encoding="UTF-8"?><a>x & y</a>',
      '<?xml version="1.0" encoding="UTF-8"?><a>x < y</a>',
      '<?xml version="1.0" encoding="UTF-8"?><a>&nbsp;</a>',
      '<?xml version="1.0" encoding="UTF-8"?><a>\u0001</a>',
      '<?xml version="1.0" encoding="UTF-8"?><a/><b/>',
      '<?xml version="1.0" encoding="UTF-8"?><a>',
      '<?xml version="1.0" encoding="UTF-8"?>text<a/>',
    ]) expect(() => parseXml(bad), bad).toThrow();
  });
});
