import { diffForms, mergeEdit, toRawForm } from '../../src/domain/formChanges';
import { emptyRawForm, normalizeRaw, parseRequestForm, validatePage, Limits, type FormError } from '../../src/domain/requestForm';
import { formErrorMessage } from '../../src/domain/text.ja';
import { loadOrg } from '../../src/infra/config';
import { seedRaw, seedSummary, seedTitle } from '../fixtures/seedRaw';

const { org } = loadOrg(undefined);

function errorsOf(raw: Parameters<typeof parseRequestForm>[1]): FormError[] {
  const r = parseRequestForm(org, raw);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}
const codes = (errors: FormError[]) => errors.map((e) => `${e.path.join('.')}:${e.code}`);

describe('the 案件申込書 form schema', () => {
  it('reads the whole seed form with the precision the paper gives', () => {
    const r = parseRequestForm(org, seedRaw());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const f = r.value;
    expect(f.filedOn).toEqual({ precision: 'day', year: 2009, month: 5, day: 14 });
    expect(f.title).toBe(seedTitle);
    expect(f.owner).toEqual({ bureau: '企画財政局', department: '企画部', unit: '情報政策担当' });
    expect(f.summary).toBe(seedSummary);
    expect(f.desiredDates).toEqual({
      kacho: { precision: 'day', year: 2009, month: 4, day: 16 },
      kyoku: { precision: 'day', year: 2009, month: 5, day: 18 },
      chosei: null,
      seisaku: null,
    });
    expect(f.ordinance).toEqual({ required: false, detail: '' });
    expect(f.publicComment).toEqual({ planned: true, period: { precision: 'month', year: 2009, month: 12 } });
    expect(f.councilInfo).toEqual({ kind: '資料提供', period: { precision: 'month', year: 2009, month: 10 } });
    expect(f.coordination).toHaveLength(3);
    expect(f.history).toHaveLength(6);
    expect(f.history[2].date).toEqual({
      precision: 'range',
      from: { precision: 'month', year: 2008, month: 9 },
      to: { precision: 'month', year: 2009, month: 2 },
    });
  });

  it('survives a round trip through the edit form unchanged', () => {
    const first = parseRequestForm(org, seedRaw());
    if (!first.ok) throw new Error('seed invalid');
    for (const display of ['wareki', 'seireki', 'both'] as const) {
      const again = parseRequestForm(org, toRawForm(first.value, display));
      if (!again.ok) throw new Error(JSON.stringify(again.errors));
      expect(diffForms(first.value, again.value)).toEqual([]);
    }
  });

  it('requires 申込日, 案件名, 所管, 概要 and both choices', () => {
    const raw = { ...seedRaw(), filedOn: '', title: '  ', owner: '', summary: '', ordinance: '' as const, publicComment: '' as const };
    expect(codes(errorsOf(raw)).sort()).toEqual(
      ['filedOn:required', 'owner:required', 'summary:required', 'title:required', 'ordinance:required', 'publicComment:required'].sort(),
    );
  });

  it('names the problem with each date', () => {
    const raw = seedRaw();
    raw.filedOn = '平成21年5月';
    raw.desiredDates = { kacho: '令和元年4月1日', kyoku: '2月30日', chosei: 'あした', seisaku: '' };
    expect(codes(errorsOf(raw)).sort()).toEqual(
      [
        'desiredDates.chosei:date.unreadable',
        'desiredDates.kacho:date.outside_era',
        'desiredDates.kyoku:date.unreadable',
        'filedOn:date.precision',
      ].sort(),
    );
  });

  it('refuses an upper tier dated before a lower one', () => {
    const raw = seedRaw();
    raw.desiredDates = { kacho: 'H21.5.18', kyoku: 'H21.4.16' };
    const [e] = errorsOf(raw);
    expect(e).toMatchObject({ path: ['desiredDates', 'kyoku'], code: 'tier_order' });
    expect(formErrorMessage(e)).toBe('局経営会議は関係課長会議より後の日付にしてください。');
  });

  it('asks for the period when public comment or council information is planned', () => {
    const raw = { ...seedRaw(), publicCommentPeriod: '', councilInfoPeriod: '' };
    expect(codes(errorsOf(raw)).sort()).toEqual(['councilInfoPeriod:period_required', 'publicCommentPeriod:period_required']);
  });

  it('asks what the ordinance work is when there is some', () => {
    expect(codes(errorsOf({ ...seedRaw(), ordinance: 'required' }))).toEqual(['ordinanceDetail:detail_required']);
    const ok = parseRequestForm(org, { ...seedRaw(), ordinance: 'required', ordinanceDetail: '条例改正' });
    expect(ok.ok && ok.value.ordinance).toEqual({ required: true, detail: '条例改正' });
  });

  it('ignores blank rows and keeps row numbers of the typed ones in errors', () => {
    const raw = seedRaw();
    raw.history = [{ date: '', meeting: '', content: '' }, ...raw.history, { date: 'H21.13.1', meeting: '', content: 'x' }];
    expect(codes(errorsOf(raw)).sort()).toEqual(['history.7.date:date.no_such_day', 'history.7.meeting:row_name_required'].sort());
    raw.history.pop();
    const ok = parseRequestForm(org, raw);
    expect(ok.ok && ok.value.history).toHaveLength(6);
  });

  it('limits lengths and row counts with the limit in the message', () => {
    const raw = { ...seedRaw(), title: 'あ'.repeat(Limits.title + 1) };
    const [e] = errorsOf(raw);
    expect(e.code).toBe('too_long');
    expect(formErrorMessage(e)).toBe(`${Limits.title}文字以内で入力してください。`);
    const many = {
      ...seedRaw(),
      history: Array.from({ length: Limits.historyRows + 1 }, (_, i) => ({ date: '', meeting: `会議${i}`, content: '' })),
    };
    expect(codes(errorsOf(many))).toEqual(['history:too_many_rows']);
  });

  it('refuses an owner that is not in the directory', () => {
    expect(codes(errorsOf({ ...seedRaw(), owner: '存在しない局/部' }))).toEqual(['owner:unknown_owner']);
  });

  it('validates one page without complaining about the others', () => {
    expect(validatePage(org, 'basics', { ...seedRaw(), ordinance: '' })).toEqual([]);
    expect(validatePage(org, 'schedule', { ...seedRaw(), title: '' })).toEqual([]);
    expect(validatePage(org, 'basics', { ...seedRaw(), title: '' })).toHaveLength(1);
  });
});

describe('editing with others at the same time', () => {
  const base = (() => {
    const r = parseRequestForm(org, seedRaw());
    if (!r.ok) throw new Error('seed');
    return r.value;
  })();

  it('merges edits of different fields', () => {
    const mine = { ...base, title: '新しい案件名' };
    const theirs = { ...base, remarks: '事務局メモ' };
    const m = mergeEdit(base, mine, theirs);
    expect(m.ok && m.form.title).toBe('新しい案件名');
    expect(m.ok && m.form.remarks).toBe('事務局メモ');
    expect(m.ok && m.changes.map((c) => c.field)).toEqual(['title']);
  });

  it('refuses an edit of a field someone else changed meanwhile', () => {
    const m = mergeEdit(base, { ...base, summary: 'A' }, { ...base, summary: 'B' });
    expect(m).toEqual({ ok: false, conflicts: ['summary'] });
  });

  it('records old and new values of each changed field', () => {
    expect(diffForms(base, { ...base, remarks: '追記' })).toEqual([{ field: 'remarks', old: '', new: '追記' }]);
  });
});

describe('normalizeRaw', () => {
  it('gives what filling in the defaults did, key order included, always a new object', () => {
    const seed = seedRaw();
    const reordered = Object.fromEntries(Object.entries(seed).reverse());
    const { title: _title, ...withoutTitle } = seed;
    const cases: Record<string, unknown>[] = [
      {},
      seed,
      { ...seed, desiredDateOther: { kacho: true } },
      { ...seed, extra: 1 },
      reordered,
      withoutTitle,
      { ...seed, title: undefined },
      { title: 'x' },
      Object.assign(Object.create({ inherited: 1 }) as object, seed),
    ];
    for (const raw of cases) {
      const got = normalizeRaw(raw);
      expect(got).not.toBe(raw);
      expect(JSON.stringify(got)).toBe(JSON.stringify({ ...emptyRawForm(), ...raw }));
      expect(Object.keys(got)).toEqual(Object.keys({ ...emptyRawForm(), ...raw }));
    }
  });
});
