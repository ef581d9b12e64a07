/**
 * The request modal's pages and the posted 申込書 as JSON, exactly as sent to Slack:
 * the snapshots were taken from the views before they were rewritten to allocate less,
 * so any change to a byte of what Slack receives (key order included) shows up here.
 * They hold a digest of each JSON text (the texts themselves would be megabytes); when
 * one differs, render the case with the previous code and compare the two texts.
 */
import { createHash } from 'node:crypto';
import { requestView } from '../../src/app/requestView';
import { dateChoicesByTier, type DateChoice } from '../../src/domain/dateChoice';
import { emptyRawForm, formPages, type RawRequestForm } from '../../src/domain/requestForm';
import { loadOrg } from '../../src/infra/config';
import { desiredDateBlocks } from '../../src/slack/views/desiredDates';
import { requestMessage } from '../../src/slack/views/requestMessage';
import { requestModal } from '../../src/slack/views/requestModal';
import { seedCouncilOrg } from '../fixtures/council';
import { seedRequest } from '../fixtures/seedDocument';
import { seedForm } from '../fixtures/seedForm';
import { seedRaw } from '../fixtures/seedRaw';

const org = loadOrg(undefined).org;
const digest = (value: unknown) => {
  const json = JSON.stringify(value);
  return `${json.length} ${createHash('sha256').update(json).digest('hex')}`;
};
const councilOrg = seedCouncilOrg();
const now = new Date('2026-11-25T13:00:00+09:00');
const choices = dateChoicesByTier(org, now);

/** Text that needs escaping, astral characters, and every entity at a piece boundary. */
const nasty = '<@U123> & <!channel> 𠮷野家 > 😀 &amp; <https://x.example|x>';
const long = (n: number, unit = 'あ&<>') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

function raws(): { name: string; raw: RawRequestForm; choices?: Record<string, DateChoice[]> }[] {
  const seed = seedRaw();
  const kyoku = choices.kyoku?.[1]?.value ?? '';
  return [
    { name: 'empty', raw: emptyRawForm() },
    { name: 'seed', raw: seed },
    { name: 'seed with choices', raw: seed, choices },
    {
      name: 'chosen, other picked, other typed, none',
      raw: {
        ...seed,
        desiredDates: { kacho: 'R8.12.7', kyoku, chosei: '', seisaku: 'いつか' },
        desiredDateOther: { chosei: true },
      },
      choices,
    },
    { name: 'no open dates', raw: seed, choices: { kacho: [], kyoku: [] } },
    {
      name: 'nasty and long text',
      raw: {
        ...seed,
        title: nasty,
        summary: long(2500) + nasty,
        points: nasty,
        ordinance: 'required',
        ordinanceDetail: nasty,
        councilSession: '令和9年2月定例会',
        councilInfoKind: '',
        coordination: Array.from({ length: 15 }, (_, i) => ({ party: `${nasty}${i}`, item: long(301), status: '' })),
        history: Array.from({ length: 20 }, (_, i) => ({ date: i % 2 ? 'H21.4.16' : '', meeting: nasty, content: long(50) })),
        remarks: long(3100),
      },
      choices,
    },
    { name: 'unknown owner and kind', raw: { ...seed, owner: 'nope', councilInfoKind: '知らない' } },
  ];
}

describe('request modal pages render byte for byte as before', () => {
  for (const { name, raw, choices: c } of raws()) {
    for (const page of formPages) {
      for (const variant of ['new', 'editing', 'resumed', 'notes', 'files'] as const) {
        it(`${name} / ${page} / ${variant}`, () => {
          for (const o of [org, councilOrg]) {
            const view = requestModal({
              draftId: 'draft-1',
              page,
              raw,
              org: o,
              editing: variant === 'editing' ? 'R8-012' : null,
              resumed: variant === 'resumed',
              notes: variant === 'notes' ? ['題名: 入力してください', nasty] : undefined,
              dateChoices: page === 'basics' ? c : undefined,
              pendingFiles: variant === 'files' ? ['a.pdf', nasty] : variant === 'new' ? [] : undefined,
            });
            expect(digest(view)).toMatchSnapshot();
          }
        });
      }
    }
  }

  it('renders 審議希望日 alone as before', () => {
    for (const { raw, choices: c } of raws()) expect(digest(desiredDateBlocks(org, raw, c ?? {}))).toMatchSnapshot();
  });
});

describe('the posted 申込書 renders byte for byte as before', () => {
  const seed = seedRequest();
  const form = seedForm();
  const variants: { name: string; request: typeof seed }[] = [
    { name: 'seed', request: seed },
    { name: 'withdrawn', request: { ...seed, status: 'withdrawn' } },
    {
      name: 'nasty and long',
      request: {
        ...seed,
        createdBy: { platform: 'teams', userId: '<teams&user>' },
        form: {
          ...form,
          title: nasty,
          summary: long(7000) + nasty,
          points: long(2999, '&'),
          remarks: nasty,
          ordinance: { required: true, detail: nasty },
          councilSession: '令和9年2月定例会',
          coordination: Array.from({ length: 15 }, (_, i) => ({ party: `${nasty}${i}`, item: long(300), status: i % 3 ? '' : nasty })),
          history: form.history.concat(form.history, form.history).map((h, i) => ({ ...h, meeting: `${nasty}${i}` })),
        },
      },
    },
    { name: 'no points, rows or remarks', request: { ...seed, form: { ...form, points: '', coordination: [], history: [], remarks: '' } } },
    {
      name: 'pathological',
      request: {
        ...seed,
        form: { ...form, coordination: Array.from({ length: 15 }, () => ({ party: long(100), item: long(300), status: long(300) })) },
      },
    },
  ];
  const attachments = [
    { id: 'a1', kind: 'file' as const, name: 'a|b>c&.pdf', size: 123456, url: 'https://files.example/x?a=1&b=2' },
    { id: 'a2', kind: 'link' as const, name: nasty, size: 0, url: null },
    ...Array.from({ length: 80 }, (_, i) => ({ id: `f${i}`, kind: 'file' as const, name: `${long(60)}${i}.pdf`, size: i * 1000, url: null })),
  ];
  const meeting = { tierId: 'kacho', tierName: '関係課長会議', opinions: 3, unanswered: 1, attendance: { present: 5, of: 9 }, closed: false };

  for (const { name, request } of variants) {
    it(name, () => {
      for (const o of [org, councilOrg]) {
        const v = requestView(request, o);
        expect(digest(requestMessage(v))).toMatchSnapshot();
        expect(
          digest(requestMessage({ ...v, meeting }, { calendarUrl: 'https://cal.example/?a&b', attachments: attachments.slice(0, 2) })),
        ).toMatchSnapshot();
        expect(digest(requestMessage({ ...v, meeting: { ...meeting, attendance: null, closed: true } }, { attachments }))).toMatchSnapshot();
      }
    });
  }
});
