import { checkDesiredDate, nextMeetingDates } from './calendar';
import { cutoffOf, openMeetingDates } from './cutoff';
import { compareDays, formatJpDate, parseJpDate, weekdayJa, type JpDay } from './jpdate';
import type { OrgConfig } from './org';
import type { FormError } from './requestForm';

/**
 * 審議希望日 against the tiers' calendars. A closed day (土日祝日・年末年始) is refused. A past
 * day or a day off the regular calendar is a warning the person confirms by submitting
 * again: a request often records a tier already held (the seed was filed on H21.5.14
 * with its 関係課長会議 of H21.4.16), and offices hold ad-hoc meetings where `adHoc` says
 * so; with `adHoc: false` an irregular day is refused.
 */
export function desiredDateProblems(a: {
  org: OrgConfig;
  typed: Record<string, string>;
  today: JpDay;
  /** Dates as stored before this edit: unchanged dates are not checked again. */
  before?: Record<string, JpDay | null>;
  /** Typed values the person already confirmed, per tier. */
  confirmed?: Record<string, string>;
  /** The instant of the submission, for tiers' 申込締切 (cutoff); absent = not checked. */
  now?: Date;
}): FormError[] {
  const out: FormError[] = [];
  for (const tier of a.org.tiers) {
    const typed = (a.typed[tier.id] ?? '').trim();
    if (!typed) continue;
    const parsed = parseJpDate(typed, ['day']);
    if (!parsed.ok) continue; // the form schema reports it
    const day = parsed.value as JpDay;
    const old = a.before?.[tier.id];
    if (old && compareDays(old, day) === 0) continue;
    const check = checkDesiredDate(tier, day, { today: a.today, closure: a.org.closure });
    if (check.level === 'ok') {
      const cutoff = a.now && tier.cutoff ? cutoffOf(tier, day, a.org.closure) : null;
      if (!cutoff || a.now!.getTime() <= cutoff.at.getTime()) continue;
      const warning = tier.cutoff!.action === 'warn';
      if (warning && a.confirmed?.[tier.id] === typed) continue;
      const open = openMeetingDates(tier, a.now!, 1, a.org.closure)[0];
      out.push({
        path: ['desiredDates', tier.id],
        code: 'date.cutoff_passed',
        ...(warning ? { warning: true } : {}),
        params: {
          tier: tier.name,
          date: `${formatJpDate(day, a.org.dateDisplay)}(${weekdayJa(day)})`,
          cutoff: `${formatJpDate(cutoff.day, a.org.dateDisplay)}(${weekdayJa(cutoff.day)}) ${tier.cutoff!.time}`,
          next: open ? `${formatJpDate(open, a.org.dateDisplay)}(${weekdayJa(open)})` : 'なし',
        },
      });
      continue;
    }
    const warning = check.level === 'warning' || check.code === 'date.past';
    if (warning && a.confirmed?.[tier.id] === typed) continue;
    const next = (a.now && tier.cutoff ? openMeetingDates(tier, a.now, 3, a.org.closure) : nextMeetingDates(tier, a.today, 3, a.org.closure))
      .map((d) => `${formatJpDate(d, a.org.dateDisplay)}(${weekdayJa(d)})`)
      .join('、');
    out.push({
      path: ['desiredDates', tier.id],
      code: check.code,
      ...(warning ? { warning: true } : {}),
      params: { tier: tier.name, next: next || 'なし' },
    });
  }
  return out;
}
