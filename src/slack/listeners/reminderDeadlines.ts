import { formatJpDate, tokyoToday, weekdayJa } from '../../domain/jpdate';
import type { SlackDeps } from '../deps';
import { deadlineLines } from '../reminderMessage';
import { S } from '../strings';

const SHOWN = 20;

/** `/案件申込 期限`: the coming deadlines that still have reminders to send, soonest first. */
export async function deadlinesText(deps: SlackDeps): Promise<string> {
  const items = deps.reminders ? await deps.reminders.upcoming(SHOWN) : [];
  if (items.length === 0) return S.deadlinesEmpty;
  const lines = [];
  for (const u of items) {
    const post = (await deps.repos.posts.listFor(u.request.id)).find((p) => p.platform === 'slack');
    const day = tokyoToday(u.nextReminderAt);
    lines.push({ view: u.view, link: post?.permalink ?? null, nextReminder: `${formatJpDate(day, deps.org.dateDisplay)}（${weekdayJa(day)}）` });
  }
  return `${S.deadlinesHeading(items.length)}\n${deadlineLines(lines)}`;
}
