import fc from 'fast-check';
import { DomainError, messageFor } from '../../src/domain/errors';
import { cleanFormPatch, normalizeText } from '../../src/domain/input';
import { Limits } from '../../src/domain/requestForm';
import { loadOrg } from '../../src/infra/config';
import { rawFromState } from '../../src/slack/formState';

const org = loadOrg(undefined).org;

describe('normalizeText', () => {
  it('removes control characters but tab and newline, bidi controls and lone surrogates; composes to NFC', () => {
    expect(normalizeText('a\u0000b\u0007c\u001b[0m\td\ne\r\nf\rg\u007f\u0085')).toBe('abc[0m\td\ne\nf\ng');
    expect(normalizeText('\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee\u2066f\u2067g\u2068h\u2069')).toBe('abcdefgh');
    expect(normalizeText('\uD800x\uDC00y\uD83D\uDE00')).toBe('xy😀');
    expect(normalizeText('か\u3099') + normalizeText('e\u0301')).toBe('が' + 'é');
    expect(normalizeText('（仮称）情報マネジメント推進計画')).toBe('（仮称）情報マネジメント推進計画');
  });

  it('always gives well-formed text without the removed characters, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const n = normalizeText(s);
        expect(n).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        expect(() => encodeURIComponent(n)).not.toThrow();
        expect(n).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
        expect(normalizeText(n)).toBe(n);
      }),
    );
  });
});

describe('cleanFormPatch', () => {
  const refusal = (patch: unknown) => {
    try {
      cleanFormPatch(org, patch as never);
    } catch (e) {
      return e instanceof DomainError ? { code: e.code, message: messageFor(e) } : e;
    }
    return null;
  };

  it('keeps what a form can send, normalised', () => {
    expect(
      cleanFormPatch(org, { title: 'A\u202Eb', desiredDates: { kacho: 'R8.12.1\u0000' }, coordination: [{ party: '財政課', item: '', status: '' }] }),
    ).toEqual({
      title: 'Ab',
      desiredDates: { kacho: 'R8.12.1' },
      coordination: [{ party: '財政課', item: '', status: '' }],
    });
  });

  it('refuses values longer than the field, too many rows, unknown tiers and non-strings, naming the field', () => {
    expect(refusal({ title: 'x'.repeat(Limits.title + 1) })).toEqual({
      code: 'input.too_large',
      message: `案件名が上限（${Limits.title}）を超えているため、受け付けませんでした。`,
    });
    expect(refusal({ history: Array.from({ length: Limits.historyRows + 1 }, () => ({ date: '', meeting: '', content: '' })) })).toMatchObject({
      message: expect.stringContaining('打合せ・会議の経過'),
    });
    expect(refusal({ coordination: [{ party: 'x'.repeat(Limits.rowName + 1) }] })).toMatchObject({
      message: expect.stringContaining('関係部局名等'),
    });
    expect(refusal({ desiredDates: { nosuchtier: 'R8.1.1' } })).toMatchObject({ code: 'input.too_large' });
    expect(refusal({ summary: 5 })).toMatchObject({ code: 'input.too_large' });
    expect(refusal({ title: 'x'.repeat(Limits.title) })).toBeNull();
  });
});

describe('rawFromState', () => {
  it('reads table cells and tiers in one pass, and refuses more blocks than a modal can hold', () => {
    const values: Record<string, Record<string, unknown>> = {
      title: { t: { type: 'plain_text_input', value: '案件' } },
      'desiredDates.kacho': { d: { type: 'plain_text_input', value: 'R8.12.1' } },
      // A chosen meeting is its ISO day; その他の日 is the text under the choice.
      'desiredDates.kyoku': { d: { type: 'static_select', selected_option: { value: '2026-12-07' } } },
      'desiredDates.chosei': { d: { type: 'static_select', selected_option: { value: 'other' } } },
      'desiredDates.chosei.other': { d: { type: 'plain_text_input', value: 'R8.12.3' } },
      'desiredDates.seisaku': { d: { type: 'static_select', selected_option: { value: 'none' } } },
      'history.1.meeting': { m: { type: 'plain_text_input', value: '課長会議' } },
    };
    expect(rawFromState(values)).toEqual({
      title: '案件',
      desiredDates: { kacho: 'R8.12.1', kyoku: '2026-12-07', chosei: 'R8.12.3', seisaku: '' },
      desiredDateOther: { kacho: false, kyoku: false, chosei: true, seisaku: false },
      history: [
        { date: '', meeting: '', content: '' },
        { date: '', meeting: '課長会議', content: '' },
      ],
    });
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`b${i}`, { a: { type: 'plain_text_input', value: '' } }]));
    expect(rawFromState(many)).toEqual({});
  });
});
