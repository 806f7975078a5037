// The hotline adapter: GeoReport v2 service requests (the fields POST
// /open311/v2/requests takes), as a JSON array, read by the Open311 filing's own
// parser (server/open311/form.ts), so the hotline's batch and the live Open311 route
// accept the same requests. The hotline's work-order number (the mapping's external_id
// field, e.g. attribute[external_id]) makes a re-sent request land once.
import { parseRequestForm, reporterName } from '../open311/form.ts';
import { mapRecord, type ChannelAdapter, type Parsed } from './adapter.ts';

export const open311Adapter: ChannelAdapter = {
  name: 'open311',
  mediaTypes: ['application/json'],
  parse(source, setting): Parsed {
    const out: Parsed = { inputs: [], problems: [] };
    let records: unknown;
    try {
      records = JSON.parse(source);
    } catch (err) {
      out.problems.push({ record: -1, field: 'body', reason: 'malformed_json', message: `the body is not valid JSON: ${(err as Error).message}` });
      return out;
    }
    if (!Array.isArray(records)) {
      out.problems.push({ record: -1, field: 'body', reason: 'not_an_array', message: 'send a JSON array of GeoReport v2 requests' });
      return out;
    }
    records.forEach((rec, record) => {
      if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
        out.problems.push({ record, field: `[${record}]`, reason: 'not_an_object', message: `request ${record} is not an object` });
        return;
      }
      const form = rec as Record<string, unknown>;
      let parsed;
      try {
        // The Open311 route's own checks: service_code, lat/long, field lengths, e-mail.
        const { [setting.fields.external_id]: _id, ...fields } = form;
        parsed = parseRequestForm({ api_key: 'batch', ...fields });
      } catch (err) {
        out.problems.push({ record, field: `[${record}]`, reason: 'invalid_request', message: (err as Error).message });
        return;
      }
      const values: Record<string, string | undefined> = {
        ...Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v === null || v === undefined ? undefined : String(v)])),
        service_code: parsed.serviceCode,
        description: parsed.description ?? undefined,
        address_string: parsed.address ?? undefined,
        reporter: reporterName(typeof form.first_name === 'string' ? form.first_name : null, typeof form.last_name === 'string' ? form.last_name : null) ?? undefined,
        phone: parsed.phone ?? undefined,
      };
      const r = mapRecord((field) => values[field], setting, { record });
      if (r.input) out.inputs.push({ record, input: r.input });
      out.problems.push(...r.problems);
    });
    return out;
  },
};
