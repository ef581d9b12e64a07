import { formatJpDate, tokyoToday, type DateDisplay, type JpDate } from '../domain/jpdate';
import type { Meeting } from '../domain/meeting';
import { ownerLabel, type OrgConfig } from '../domain/org';
import type { Actor, ChangeEntry } from '../domain/request';
import { StatusLabel } from '../domain/uiText.ja';
import { Choice, FieldLabel } from '../domain/text.ja';

/**
 * A request's history as a person reads it (「履歴」): each entry with when (和暦 and
 * time in Tokyo), who and what changed, in the form's own words, newest first. Pure:
 * both platforms lay these lines out.
 */
export interface HistoryItem {
  at: Date;
  /** e.g. 令和8年4月16日 10:05 */
  when: string;
  actor: Actor;
  /** What happened, one line each (e.g. 「案件名: A → B」). */
  lines: string[];
}

const HistoryText = {
  created: '申込を受け付けました',
  withdrawn: '取り下げました',
  restored: '取り下げを取り消しました',
  reason: '理由',
  empty: '（空欄）',
  none: '不要・未定',
  rows: (n: number) => `${n}行`,
  attendance: (tier: string) => `出席課・機関等（${tier}）`,
  attendanceCount: (n: number) => `${n}課・機関`,
  result: (tier: string) => `結果等（${tier}）`,
  opinion: (tier: string, seq: number) => `意見(${seq})（${tier}）`,
  answer: (tier: string, seq: number, n: number) => `意見(${seq})への回答${n > 1 ? `${n}` : ''}（${tier}）`,
  opinionAdded: (tier: string, seq: number) => `意見(${seq})を記入しました（${tier}）`,
  answerAdded: (tier: string, seq: number) => `意見(${seq})に回答しました（${tier}）`,
  withdrawnEntry: '取り下げ',
  corrected: '訂正',
  desiredDate: (tier: string) => `${FieldLabel.desiredDates}（${tier}）`,
  status: '状況',
} as const;

const CLIP = 120;
const clip = (s: string) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > CLIP ? `${chars.slice(0, CLIP - 1).join('')}…` : flat;
};

const timeFmt = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hour12: false });

/** 令和8年4月16日 10:05 (Asia/Tokyo, whatever the server's zone). */
export function whenText(at: Date, display: DateDisplay): string {
  return `${formatJpDate(tokyoToday(at), display)} ${timeFmt.format(at)}`;
}

function isJpDate(v: unknown): v is JpDate {
  return !!v && typeof v === 'object' && typeof (v as { precision?: unknown }).precision === 'string';
}

export function createHistoryView(org: OrgConfig) {
  const display = org.dateDisplay;
  const tierName = (id: string) => org.tiers.find((t) => t.id === id)?.name ?? id;
  const sectionName = (id: string) => org.sections.find((s) => s.id === id)?.name ?? id;
  const date = (v: unknown) => (isJpDate(v) ? formatJpDate(v, display) : HistoryText.none);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? clip(v) : HistoryText.empty);
  const arrow = (label: string, a: string, b: string) => `${label}: ${a} → ${b}`;

  function formField(field: string, oldV: unknown, newV: unknown): string[] {
    switch (field) {
      case 'filedOn':
        return [arrow(FieldLabel.filedOn, date(oldV), date(newV))];
      case 'owner': {
        const o = (v: unknown) =>
          v && typeof v === 'object' ? ownerLabel(v as { bureau: string; department: string; unit: string | null }) : HistoryText.empty;
        return [arrow(FieldLabel.owner, o(oldV), o(newV))];
      }
      case 'desiredDates': {
        const a = (oldV ?? {}) as Record<string, unknown>;
        const b = (newV ?? {}) as Record<string, unknown>;
        const ids = [...org.tiers.map((t) => t.id), ...Object.keys({ ...a, ...b }).filter((k) => !org.tiers.some((t) => t.id === k))];
        return ids
          .filter((id) => JSON.stringify(a[id] ?? null) !== JSON.stringify(b[id] ?? null))
          .map((id) => arrow(HistoryText.desiredDate(tierName(id)), date(a[id]), date(b[id])));
      }
      case 'ordinance': {
        const o = (v: unknown) => {
          const x = v as { required?: boolean; detail?: string } | null;
          return x?.required ? `${Choice.ordinance.required}（${clip(x.detail ?? '')}）` : Choice.ordinance.none;
        };
        return [arrow(FieldLabel.ordinance, o(oldV), o(newV))];
      }
      case 'publicComment': {
        const o = (v: unknown) => {
          const x = v as { planned?: boolean; period?: unknown } | null;
          return x?.planned ? `${Choice.publicComment.planned}（${date(x.period)}）` : Choice.publicComment.none;
        };
        return [arrow(FieldLabel.publicComment, o(oldV), o(newV))];
      }
      case 'councilInfo': {
        const o = (v: unknown) => {
          const x = v as { kind?: string; period?: unknown } | null;
          return x?.kind ? `${x.kind}（${date(x.period)}）` : Choice.councilInfoNone;
        };
        return [arrow(FieldLabel.councilInfoKind, o(oldV), o(newV))];
      }
      case 'coordination':
      case 'history': {
        const n = (v: unknown) => HistoryText.rows(Array.isArray(v) ? v.length : 0);
        return [arrow(FieldLabel[field], n(oldV), n(newV))];
      }
      case 'title':
      case 'summary':
      case 'points':
      case 'councilSession':
      case 'remarks':
        return [arrow(FieldLabel[field], text(oldV), text(newV))];
      default:
        return [];
    }
  }

  function meetingField(field: string, oldV: unknown, newV: unknown): string[] | null {
    const [kind, tierId, seq, n] = field.split('.');
    if (!tierId) return null;
    const tier = tierName(tierId);
    if (kind === 'attendance') {
      const names = (v: unknown) => (Array.isArray(v) ? v.map((id) => sectionName(String(id))) : []);
      const a = names(oldV);
      const b = names(newV);
      const added = b.filter((x) => !a.includes(x));
      const removed = a.filter((x) => !b.includes(x));
      const detail = [added.length ? `＋${added.join('、')}` : '', removed.length ? `－${removed.join('、')}` : ''].filter(Boolean).join(' ');
      return [
        `${arrow(HistoryText.attendance(tier), oldV === null ? HistoryText.empty : HistoryText.attendanceCount(a.length), HistoryText.attendanceCount(b.length))}${detail ? `（${detail}）` : ''}`,
      ];
    }
    if (kind === 'result') {
      const o = (v: unknown) => {
        const x = v as { result?: string; followUps?: string[] } | null;
        if (!x?.result) return HistoryText.empty;
        return x.followUps?.length ? `${x.result}（${clip(x.followUps.join(' '))}）` : x.result;
      };
      return [arrow(HistoryText.result(tier), o(oldV), o(newV))];
    }
    if (kind === 'opinion' || kind === 'answer') {
      const label = kind === 'opinion' ? HistoryText.opinion(tier, Number(seq)) : HistoryText.answer(tier, Number(seq), Number(n));
      const a = (oldV ?? {}) as { text?: string; status?: string; sectionId?: string };
      const b = (newV ?? {}) as { text?: string; status?: string; sectionId?: string };
      if (b.status === 'withdrawn' && a.status !== 'withdrawn') return [`${label}: ${HistoryText.withdrawnEntry}（${text(a.text)}）`];
      const lines = [];
      if (a.text !== b.text) lines.push(`${label}${HistoryText.corrected}: ${text(a.text)} → ${text(b.text)}`);
      if (a.sectionId !== b.sectionId && b.sectionId)
        lines.push(arrow(`${label}の課・機関`, sectionName(a.sectionId ?? ''), sectionName(b.sectionId)));
      return lines.length ? lines : [`${label}: ${HistoryText.corrected}`];
    }
    return null;
  }

  function linesOf(e: ChangeEntry): string[] {
    if (e.kind === 'created') return [HistoryText.created];
    if (e.kind === 'withdrawn' || e.kind === 'restored') {
      const reason = e.changes.find((c) => c.field === 'withdrawReason');
      const head = e.kind === 'withdrawn' ? HistoryText.withdrawn : HistoryText.restored;
      return [reason ? `${head}（${HistoryText.reason}: ${text(reason.new)}）` : head];
    }
    return e.changes.flatMap((c) => {
      if (c.field === 'status') return [arrow(HistoryText.status, statusWord(c.old), statusWord(c.new))];
      return meetingField(c.field, c.old, c.new) ?? formField(c.field, c.old, c.new);
    });
  }

  const statusWord = (v: unknown) => (v === 'withdrawn' ? StatusLabel.withdrawn : StatusLabel.filed);

  /**
   * Every entry newest first. Opinions and answers are stored with their time and
   * author rather than as history entries, so their arrival is read from the meetings.
   */
  function items(entries: readonly ChangeEntry[], meetings: readonly Meeting[] = []): HistoryItem[] {
    const out: (HistoryItem & { order: number })[] = entries.map((e, i) => ({
      at: e.at,
      when: whenText(e.at, display),
      actor: e.actor,
      lines: linesOf(e),
      order: i,
    }));
    for (const m of meetings) {
      const tier = tierName(m.review.tierId);
      for (const o of m.opinions) {
        out.push({
          at: o.createdAt,
          when: whenText(o.createdAt, display),
          actor: o.author,
          lines: [`${HistoryText.opinionAdded(tier, o.seq)}: ${text(o.text)}`],
          order: -1,
        });
        for (const a of o.answers) {
          out.push({
            at: a.createdAt,
            when: whenText(a.createdAt, display),
            actor: a.author,
            lines: [`${HistoryText.answerAdded(tier, o.seq)}: ${text(a.text)}`],
            order: -1,
          });
        }
      }
    }
    return out
      .filter((i) => i.lines.length > 0)
      .sort((a, b) => b.at.getTime() - a.at.getTime() || b.order - a.order)
      .map(({ order: _o, ...i }) => i);
  }

  return { items, linesOf };
}

/** One page of a history, newest first; `page` is 0-based and clamped. */
export function historyPage<T>(items: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, Math.floor(page) || 0), pages - 1);
  return { items: items.slice(p * size, (p + 1) * size), page: p, pages };
}
