import type { VisibleScope } from '../../../domain/visibility';
import { type Piece, v } from './sql';

type Provider = 'sqlite' | 'postgresql';

/** A field of the stored form's 所管 (form is JSON text on both databases). */
function ownerField(provider: Provider, field: 'bureau' | 'department' | 'unit'): string {
  return provider === 'postgresql' ? `(r."form"::jsonb #>> '{owner,${field}}')` : `json_extract(r."form", '$.owner.${field}')`;
}

/**
 * The visibility rule (domain canSee, as scopeOf states it) as a condition on the
 * request aliased `r`: the filer, a post in one of the viewer's conversations, a 所管
 * within one of the viewer's. Null scope (the secretariat) is no condition. Every value
 * is a bound parameter.
 */
export function visibleWhere(scope: VisibleScope | null, provider: Provider): Piece[] {
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
    const cond: Piece[] = [`(${ownerField(provider, 'bureau')} = `, v(o.bureau)];
    if (o.department) cond.push(` AND ${ownerField(provider, 'department')} = `, v(o.department));
    if (o.unit) cond.push(` AND ${ownerField(provider, 'unit')} = `, v(o.unit));
    cond.push(')');
    parts.push(cond);
  }
  if (!parts.length) return ['1 = 0'];
  const out: Piece[] = ['('];
  parts.forEach((p, i) => out.push(...(i ? [' OR '] : []), ...p));
  out.push(')');
  return out;
}
