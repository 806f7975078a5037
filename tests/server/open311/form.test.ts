// The fields of a POST requests body: what is accepted, how the reporter's name is
// put together, and every problem named in Open311 terms (400).
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.ts';
import { parseRequestForm, reporterName } from '../../../server/open311/form.ts';

const base = { service_code: '01010101', lat: '27.73', long: '112.01' };

function problems(form: Record<string, unknown>): string[] {
  try {
    parseRequestForm(form);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    return ((err as AppError).details as { problems: { message: string }[] }).problems.map((p) => p.message);
  }
  throw new Error(`accepted ${JSON.stringify(form)}`);
}

describe('the POST requests form', () => {
  it('takes every field of the spec; empty fields count as not sent', () => {
    const input = parseRequestForm({
      ...base, api_key: 'k', jurisdiction_id: 'loudi.gov.cn', address_string: ' 乐坪街道 10号 ', address_id: '', email: 'a@b.cn', device_id: 'dev-1',
      account_id: '42', first_name: '三', last_name: '张', phone: '138 0000 0000', description: '井盖缺失\n很危险', media_url: 'https://img.example/1.jpg',
      attribute: { component_code: '4313020101000001' },
    });
    expect(input).toEqual({
      serviceCode: '01010101', lat: 27.73, lon: 112.01, address: '乐坪街道 10号', description: '井盖缺失\n很危险', mediaUrl: 'https://img.example/1.jpg',
      reporterName: '张三', phone: '138 0000 0000', email: 'a@b.cn', deviceId: 'dev-1', accountId: '42', componentCode: '4313020101000001',
    });
    // JSON bodies may send numbers; an empty attribute is no attribute.
    expect(parseRequestForm({ service_code: '01010101', lat: 27.5, long: -0.5, attribute: { component_code: '' } })).toMatchObject({ lat: 27.5, lon: -0.5, componentCode: null, description: null });
  });

  it('names every problem', () => {
    expect(problems({})).toEqual(['service_code is required (GET services.json lists them)', 'a location is required: send lat and long of the place']);
    expect(problems({ ...base, long: undefined })).toEqual(['lat and long must be sent together; long is missing']);
    expect(problems({ ...base, lat: 'abc' })).toEqual(['lat must be a decimal number of degrees (WGS84), got "abc"']);
    expect(problems({ ...base, lat: '0x10' })).toEqual(['lat must be a decimal number of degrees (WGS84), got "0x10"']);
    expect(problems({ ...base, lat: 'Infinity' })).toHaveLength(1);
    expect(problems({ ...base, lat: '95' })).toEqual(['lat 95 is outside -90..90']);
    expect(problems({ ...base, long: '-180.5' })).toEqual(['long -180.5 is outside -180..180']);
    expect(problems({ service_code: '01010101', address_string: '乐坪街道' })).toEqual(['this service cannot locate address_string yet (it has no geocoder); send lat and long of the place']);
    expect(problems({ service_code: '01010101', address_id: '545483' })).toEqual(['this service cannot locate address_id yet (it has no geocoder); send lat and long of the place']);
    expect(problems({ ...base, status: 'closed', reporter_phone: '1' })).toEqual(['unknown field "status"', 'unknown field "reporter_phone"']);
    expect(problems({ ...base, service_code: ['01010101', '01010102'] })).toEqual(['service_code must be sent once']);
    expect(problems({ ...base, media_url: 'javascript:alert(1)' })).toEqual(['media_url must be an http or https URL, got "javascript:alert(1)"']);
    expect(problems({ ...base, email: 'nobody' })).toEqual(['email "nobody" is not an e-mail address']);
    expect(problems({ ...base, phone: 'call me' })).toEqual(['phone may hold only digits, spaces, +, -, ( and ) (3 to 32 of them)']);
    expect(problems({ ...base, description: 'x'.repeat(4001) })).toEqual(['description must be at most 4000 characters']);
    expect(problems({ ...base, description: 'bell\u0007' })).toEqual(['description must not hold control characters']);
    expect(problems({ ...base, first_name: 'a\nb' })).toEqual(['first_name must not hold control characters']);
    expect(problems({ ...base, attribute: { colour: 'red' } })).toEqual(['attribute[colour] is not an attribute of this service (it has component_code)']);
    expect(problems({ ...base, attribute: { component_code: ['1', '2'] } })).toEqual(['attribute[component_code] takes one value']);
    expect(problems({ ...base, attribute: { component_code: '123' } })).toEqual(['attribute[component_code] must be the 16 digits of a component code, got "123"']);
    expect(problems({ ...base, attribute: 'x' })).toEqual(['attribute must be sent as attribute[code]=value']);
  });

  it('puts a Chinese name family name first, others given name first', () => {
    expect(reporterName('三', '张')).toBe('张三');
    expect(reporterName('John', 'Smith')).toBe('John Smith');
    expect(reporterName(null, '张')).toBe('张');
    expect(reporterName(null, null)).toBeNull();
  });
});
