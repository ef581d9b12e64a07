import { decodeForm, encodeForm, encodedForm } from '../../src/infra/db/formCodec';
import type { RequestForm } from '../../src/domain/request';
import { seedForm } from '../fixtures/seedForm';

describe('stored form text', () => {
  const forms: [string, RequestForm][] = [
    ['the seed form', seedForm()],
    [
      'a form with nulls, ranges and months',
      {
        ...seedForm(),
        owner: { bureau: '総務局', department: '総務部', unit: null },
        desiredDates: { kacho: null, kyoku: { precision: 'day', year: 2026, month: 12, day: 24 } },
        publicComment: {
          planned: true,
          period: { precision: 'range', from: { precision: 'month', year: 2027, month: 1 }, to: { precision: 'day', year: 2027, month: 2, day: 3 } },
        },
        councilInfo: { kind: '', period: null },
      },
    ],
  ];

  it.each(forms)('gives, for %s, the form that reading its text back gives', (_, form) => {
    const { text, form: stored } = encodedForm(form);
    expect(text).toBe(encodeForm(form));
    expect(stored).toStrictEqual(decodeForm(text, 'r1'));
    expect(stored).not.toBe(form); // a validated copy: later changes to the input do not reach it
  });

  it('refuses to encode an invalid form, as before', () => {
    const bad = { ...seedForm(), title: 3 } as unknown as RequestForm;
    expect(() => encodedForm(bad)).toThrow();
    expect(() => encodeForm(bad)).toThrow();
  });
});
