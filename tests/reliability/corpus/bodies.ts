// The bad-input corpus, body half: request bodies that are not JSON, not the JSON
// asked for, or GeoJSON envelopes gone wrong. Each is sent to every JSON write
// endpoint of the route table; every one must be refused with a 4xx and a reason.

export interface BodyCase {
  name: string;
  /** The bytes sent. */
  body: string | Buffer;
  /** Content type sent (application/json unless given). */
  contentType?: string;
}

export function malformedBodies(): BodyCase[] {
  const c = (name: string, body: string | Buffer, contentType?: string): BodyCase => ({ name, body, ...(contentType ? { contentType } : {}) });
  return [
    c('empty', ''),
    c('whitespace', '   \n'),
    c('truncated-object', '{"type":"Feature","geometry":{"type":"Point","coordinates":[112,27.7]'),
    c('truncated-string', '{"type":"Feat'),
    c('trailing-comma', '{"type":"Feature",}'),
    c('single-quotes', "{'type':'Feature'}"),
    c('unquoted-keys', '{type:"Feature"}'),
    c('nan-literal', '{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,27.7]},"properties":{}}'),
    c('infinity-literal', '{"type":"Feature","geometry":{"type":"Point","coordinates":[Infinity,27.7]},"properties":{}}'),
    c('comment', '{"type":"Feature" /* a comment */}'),
    c('two-documents', '{} {}'),
    c('bare-string', '"Feature"'),
    c('bare-number', '42'),
    c('null', 'null'),
    c('true', 'true'),
    c('array', '[]'),
    c('array-of-features', '[{"type":"Feature","geometry":null,"properties":{}}]'),
    c('deep-nesting', '['.repeat(100_000) + ']'.repeat(100_000)),
    c('deep-object-nesting', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)),
    c('invalid-utf8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
    c('utf16-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')])),
    c('control-char-in-string', '{"a":"\u0001\u0000"}'),
    c('lone-surrogate-escape', '{"type":"Feature","properties":{"name":"\\ud800"}}'),
    c('huge-number', '{"type":"Feature","id":1e999999}'),
    c('xml', '<Feature/>', 'application/xml'),
    c('form', 'type=Feature', 'application/x-www-form-urlencoded'),
    c('text-plain-json', '{"type":"Feature"}', 'text/plain'),
    c('no-content-type', '{"type":"Feature"}', ''),
    c('multipart', '--x\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--x--', 'multipart/form-data; boundary=x'),
    c('gzip-claimed', '{"type":"Feature"}', 'application/json; charset=latin-9'),
    c('prototype-pollution', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'),
    c('feature-collection-for-feature', '{"type":"FeatureCollection","features":[]}'),
    c('feature-no-type', '{"geometry":{"type":"Point","coordinates":[112,27.7]},"properties":{}}'),
    c('feature-wrong-type', '{"type":"Featur","geometry":{"type":"Point","coordinates":[112,27.7]},"properties":{}}'),
    c('feature-properties-array', '{"type":"Feature","geometry":{"type":"Point","coordinates":[112,27.7]},"properties":[]}'),
    c('feature-properties-string', '{"type":"Feature","geometry":{"type":"Point","coordinates":[112,27.7]},"properties":"x"}'),
    c('feature-crs', '{"type":"Feature","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"geometry":{"type":"Point","coordinates":[112,27.7]},"properties":{}}'),
    c('feature-geometry-null', '{"type":"Feature","geometry":null,"properties":{}}'),
    c('feature-extra-member', '{"type":"Feature","geometry":{"type":"Point","coordinates":[112,27.7]},"properties":{},"version":999,"grid_id":1}'),
    c('feature-id-object', '{"type":"Feature","id":{"a":1},"geometry":{"type":"Point","coordinates":[112,27.7]},"properties":{}}'),
    c('huge-string', JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [112, 27.7] }, properties: { description: 'x'.repeat(3_000_000) } })),
  ];
}
