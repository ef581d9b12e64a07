/**
 * 議事録: a tier's meeting written out as on the lower half of the paper 案件申込書 —
 * 結果等, 出席課・機関等 (☑/☐ in the paper's order) and 主な意見 (○ opinion, → answers).
 * Plain text; each platform escapes it for its own markup.
 */

export interface MinutesInput {
  tierName: string; // 関係課長会議
  meetingLabel: string; // 第3回検討会議 ('' = none)
  result: string; // 原案を上部庁議へ付議する ('' = not recorded)
  followUps: string[];
  /** Every attending section in the paper's order; present null = attendance not recorded. */
  sections: { name: string; present: boolean | null }[];
  opinions: { text: string; answers: string[] }[];
}

export const MinutesText = {
  resultHeading: (tier: string, label: string) => `${tier}${label ? `(${label})` : ''}結果等`,
  attendanceHeading: (tier: string) => `(${tier})出席課・機関等`,
  opinionsHeading: '主な意見',
  notRecorded: '（未記録）',
  none: '（なし）',
  checked: '☑',
  unchecked: '☐',
  opinion: '○',
  answer: '→',
  bullet: '・',
} as const;

/** Sections per row, as the paper's checkbox table has them. */
const PER_ROW = 4;

/** A follow-up keeps its own mark (○ heading, ・ bullet); a bare line gets ・. */
function followUpLine(line: string): string {
  return /^[○◯●・･\-－*＊]/.test(line) ? line : `${MinutesText.bullet}${line}`;
}

/** Each part of the record as lines; minutesText joins them. */
export function minutesParts(m: MinutesInput): { title: string; lines: string[] }[] {
  const result =
    m.result === '' && m.followUps.length === 0 ? [MinutesText.notRecorded] : [...(m.result ? [m.result] : []), ...m.followUps.map(followUpLine)];
  const recorded = m.sections.some((s) => s.present !== null);
  const rows: string[] = [];
  for (let i = 0; i < m.sections.length; i += PER_ROW) {
    rows.push(
      m.sections
        .slice(i, i + PER_ROW)
        .map((s) => `${s.present ? MinutesText.checked : MinutesText.unchecked}${s.name}`)
        .join('　'),
    );
  }
  const opinions = m.opinions.flatMap((o) => [`${MinutesText.opinion}${o.text}`, ...o.answers.map((a) => `${MinutesText.answer}${a}`)]);
  return [
    { title: MinutesText.resultHeading(m.tierName, m.meetingLabel), lines: result },
    { title: MinutesText.attendanceHeading(m.tierName), lines: recorded ? rows : [MinutesText.notRecorded, ...rows] },
    { title: MinutesText.opinionsHeading, lines: opinions.length > 0 ? opinions : [MinutesText.none] },
  ];
}

/** The whole record as plain text, one line per paper line. */
export function minutesText(m: MinutesInput): string {
  return minutesParts(m)
    .map((p) => [`【${p.title}】`, ...p.lines].join('\n'))
    .join('\n\n');
}
