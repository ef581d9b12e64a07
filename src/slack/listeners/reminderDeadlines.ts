import { formatJpDate, tokyoToday, weekdayJa } from '../../domain/jpdate';
import type { SlackDeps } from '../deps';
import { deadlineLines } from '../reminderMessage';
import { S } from '../strings';
import type { ReminderService } from '../../app/reminders';

type UpcomingDeadline = Awaited<ReturnType<ReminderService['upcoming']>>[number];

const SHOWN = 20;

/** `/案件申込 期限`: the coming deadlines that still have reminders to send, soonest first. */
export async function deadlinesText(deps: SlackDeps, items: UpcomingDeadline[]): Promise<string> {
  if (items.length === 0) return S.deadlinesEmpty;
  const lines = [];
  const posts = await deps.repos.posts.listForMany(items.map((u) => u.request.id));
  for (const u of items.slice(0, SHOWN)) {
    const post = (posts.get(u.request.id) ?? []).find((p) => p.platform === 'slack');
    const day = tokyoToday(u.nextReminderAt);
    lines.push({ view: u.view, link: post?.permalink ?? null, nextReminder: `${formatJpDate(day, deps.org.dateDisplay)}（${weekdayJa(day)}）` });
  }
  return `${S.deadlinesHeading(items.length)}\n${deadlineLines(lines)}`;
}
