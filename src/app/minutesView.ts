import { activeAnswers, type Meeting, type Opinion, type MeetingSummary } from '../domain/meeting';
import type { MinutesInput } from '../domain/meetingMinutes';
import type { OrgConfig, Tier } from '../domain/org';
import type { Actor } from '../domain/request';

/**
 * Meeting-day values as both platforms show them: plain display text, arranged by
 * Slack blocks or Teams cards (which escape it for their markup).
 */

export const sectionName = (org: OrgConfig, id: string) => org.sections.find((s) => s.id === id)?.name ?? id;

/** The record of one tier's meeting, ready for minutesText(). */
export function minutesInput(org: OrgConfig, tier: Tier, m: Meeting): MinutesInput {
  const present = m.review.attendance === null ? null : new Set(m.review.attendance);
  return {
    tierName: tier.name,
    meetingLabel: m.review.meetingLabel,
    result: m.review.result,
    followUps: m.review.followUps,
    sections: org.sections.map((s) => ({ name: s.name, present: present ? present.has(s.id) : null })),
    opinions: m.opinions.filter((o) => o.status === 'active').map((o) => ({ text: o.text, answers: activeAnswers(o).map((a) => a.text) })),
  };
}

export interface OpinionView {
  id: string;
  seq: number;
  text: string;
  section: string;
  tags: string[];
  withdrawn: boolean;
  /** Who wrote it (kept with the opinion; shown on its post). */
  author: Actor;
}

export function opinionView(org: OrgConfig, o: Opinion): OpinionView {
  return {
    id: o.id,
    seq: o.seq,
    text: o.text,
    section: sectionName(org, o.sectionId),
    tags: o.tags,
    withdrawn: o.status === 'withdrawn',
    author: o.author,
  };
}

/** 関係課長会議: 意見 5件（未回答 1件）・出席 17/17・終了 */
export function summaryLine(s: MeetingSummary): string {
  const parts = [
    `意見 ${s.opinions}件（未回答 ${s.unanswered}件）`,
    s.attendance ? `出席 ${s.attendance.present}/${s.attendance.of}` : '出席 未登録',
    ...(s.closed ? ['会議終了'] : []),
  ];
  return `${s.tierName}: ${parts.join('・')}`;
}
