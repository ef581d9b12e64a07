import type { VisibleScope } from '../../../domain/visibility';
import { type Piece, v } from './sql';

/** The request's 所管, as the row keeps it (copied from the form with every change). */
const OWNER = { bureau: 'r."ownerBureau"', department: 'r."ownerDepartment"', unit: 'r."ownerUnit"' } as const;

/**
 * The visibility rule (domain canSee, as scopeOf states it) as a condition on the
 * request aliased `r`: the filer, a post in one of the viewer's conversations, a 所管
 * within one of the viewer's. Null scope (the secretariat) is no condition. Every value
 * is a bound parameter.
 */
export function visibleWhere(scope: VisibleScope | null): Piece[] {
  if (!scope) return ['1 = 1'];
  const parts: Piece[][] = [];
  if (scope.filer) parts.push(['(r."createdByPlatform" = ', v(scope.filer.platform), ' AND r."createdByUser" = ', v(scope.filer.userId), ')']);
  if (scope.posts.channelIds.length) {
    const ids: Piece[] = [];
    [...new Set(scope.posts.channelIds)].forEach((c, i) => ids.push(...(i ? [', '] : []), v(c)));
    parts.push([
      'EXISTS (SELECT 1 FROM "PostedMessage" p WHERE p."requestId" = r."id" AND p."platform" = ',
      v(scope.posts.platform),
      ' AND p."channelId" IN (',
      ...ids,
      '))',
    ]);
  }
  for (const o of scope.owners) {
    const cond: Piece[] = [`(${OWNER.bureau} = `, v(o.bureau)];
    if (o.department) cond.push(` AND ${OWNER.department} = `, v(o.department));
    if (o.unit) cond.push(` AND ${OWNER.unit} = `, v(o.unit));
    cond.push(')');
    parts.push(cond);
  }
  if (!parts.length) return ['1 = 0'];
  const out: Piece[] = ['('];
  parts.forEach((p, i) => out.push(...(i ? [' OR '] : []), ...p));
  out.push(')');
  return out;
}
