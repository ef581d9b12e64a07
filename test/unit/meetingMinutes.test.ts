import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minutesInput } from '../../src/app/minutesView';
import { closingTier, currentTier, emptyReview, type Meeting, type Opinion, type Review } from '../../src/domain/meeting';
import { minutesText, type MinutesInput } from '../../src/domain/meetingMinutes';
import { loadOrg } from '../../src/infra/config';
import { paperMinutes, seedMeeting } from '../fixtures/seedMeeting';

const org = loadOrg(undefined).org;
const kacho = org.tiers.find((t) => t.id === 'kacho')!;

/** The paper's 主な意見 and 出席課 cells, read from the seed file itself. */
function paperCells() {
  // A copy of shared/seed/000_dea1ddd749de8643.txt, so the repository tests itself.
  const seed = readFileSync(join(__dirname, '..', 'fixtures', 'seed', '000_dea1ddd749de8643.txt'), 'utf8');
  const opinionsCell = seed.split('主な意見')[1];
  const lines = [...opinionsCell.matchAll(/<p>([○→][^<]*)<\/p>/g)].map((m) => m[1]);
  const attendanceCell = seed.split('出席課・機関等')[1].split('主な意見')[0];
  const checked = [...attendanceCell.matchAll(/<input checked(?:="[^"]*")? type="checkbox"\/> ([^<\t]+?)\s*(?=<|\t|$)/gm)].map((m) => m[1].trim());
  return { lines, checked };
}

const seedInput = (): MinutesInput => ({
  tierName: '関係課長会議',
  meetingLabel: seedMeeting.meetingLabel,
  result: seedMeeting.result,
  followUps: seedMeeting.followUps,
  sections: org.sections.map((s) => ({ name: s.name, present: true })),
  opinions: seedMeeting.opinions,
});

describe('minutesText: the record in the shape of the paper form', () => {
  it("writes the seed's 関係課長会議 exactly as the bot's record of the paper", () => {
    expect(minutesText(seedInput())).toBe(paperMinutes);
  });

  it('matches the paper cell for cell: every ○ and → line in order, all 17 sections checked', () => {
    const { lines, checked } = paperCells();
    expect(lines).toHaveLength(10);
    const text = minutesText(seedInput());
    const out = text.split('\n');
    const opinionsAt = out.indexOf('【主な意見】');
    expect(out.slice(opinionsAt + 1)).toEqual(lines);
    expect(checked).toHaveLength(17);
    const attendance = text.split('【(関係課長会議)出席課・機関等】')[1].split('【主な意見】')[0];
    for (const name of checked) expect(attendance).toContain(`☑${name}`);
    expect(attendance).not.toContain('☐');
    // Opinion 2 has two answers, opinion 5 none.
    expect(
      out
        .slice(opinionsAt + 1)
        .map((l) => l[0])
        .join(''),
    ).toBe('○→○→→○→○→○');
  });

  it('marks absent sections ☐ and says when attendance, result or opinions are not recorded', () => {
    const m = seedInput();
    m.sections = m.sections.map((s, i) => ({ ...s, present: i !== 1 }));
    expect(minutesText(m)).toContain('☑企画部長　☐企画政策課長　☑経営監理課長');
    const empty = minutesText({ ...m, result: '', followUps: [], opinions: [], sections: m.sections.map((s) => ({ ...s, present: null })) });
    expect(empty).toContain('【関係課長会議(第3回検討会議)結果等】\n（未記録）');
    expect(empty).toContain('【(関係課長会議)出席課・機関等】\n（未記録）\n☐企画部長');
    expect(empty).toContain('【主な意見】\n（なし）');
  });

  it('builds its input from a stored meeting, leaving withdrawn opinions and answers out', () => {
    const at = new Date('2009-04-16T05:00:00Z');
    const author = { platform: 'slack' as const, userId: 'U1' };
    const answer = (seq: number, text: string, status: 'active' | 'withdrawn' = 'active') => ({
      id: `a${seq}`,
      opinionId: 'o',
      seq,
      text,
      author,
      status,
      createdAt: at,
      updatedAt: at,
    });
    const opinion = (seq: number, text: string, answers: Opinion['answers'], status: 'active' | 'withdrawn' = 'active'): Opinion => ({
      id: `o${seq}`,
      requestId: 'r',
      tierId: 'kacho',
      seq,
      sectionId: 'zaimu',
      text,
      tags: [],
      author,
      status,
      answers,
      createdAt: at,
      updatedAt: at,
    });
    const meeting: Meeting = {
      review: {
        requestId: 'r',
        tierId: 'kacho',
        meetingLabel: '',
        result: '',
        followUps: [],
        attendance: ['zaimu', 'kikaku-bucho'],
        opinionSeq: 3,
        closedAt: null,
        closedBy: null,
        version: 1,
        updatedAt: at,
      },
      opinions: [
        opinion(1, '一つ目', [answer(1, '取り下げた回答', 'withdrawn'), answer(2, '回答')]),
        opinion(2, '取り下げた意見', [], 'withdrawn'),
        opinion(3, '三つ目', []),
      ],
    };
    const input = minutesInput(org, kacho, meeting);
    expect(input.opinions).toEqual([
      { text: '一つ目', answers: ['回答'] },
      { text: '三つ目', answers: [] },
    ]);
    expect(input.sections.filter((s) => s.present).map((s) => s.name)).toEqual(['企画部長', '財務課長']);
  });
});

describe('which meeting 会議を終了 closes', () => {
  const request = { form: { desiredDates: { kacho: { y: 2009, m: 4, d: 16 }, kyoku: { y: 2009, m: 5, d: 14 } } } } as unknown as Parameters<
    typeof closingTier
  >[1];
  const review = (tierId: string, o: Partial<Review> = {}): Review => ({ ...emptyReview('r1', tierId, new Date(0)), ...o });

  it('is the current tier while nothing is recorded', () => {
    expect(closingTier(org, request, []).id).toBe('kacho');
  });

  it('stays the meeting just held after its result moved the item to the next tier', () => {
    const held = review('kacho', { result: '原案を上部庁議へ付議する', attendance: ['somu'], opinionSeq: 5 });
    expect(currentTier(org, request, [held]).id).toBe('kyoku');
    expect(closingTier(org, request, [held]).id).toBe('kacho');
  });

  it('moves on once that meeting is closed, and to a later meeting with something recorded', () => {
    const closed = review('kacho', { result: '原案を上部庁議へ付議する', closedAt: new Date(1) });
    expect(closingTier(org, request, [closed]).id).toBe('kyoku');
    expect(closingTier(org, request, [review('kacho', { result: '了承' }), review('kyoku', { opinionSeq: 1 })]).id).toBe('kyoku');
  });
});
