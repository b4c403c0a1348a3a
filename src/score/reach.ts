// How many people a post is likely to reach: an integer estimate of readers, from the source's
// audience and the post's own engagement. Constants and their sources: docs/scoring.md.
import type { Engagement, Explained, SourceInfo } from '../types.ts';
import { SCORING_VERSION } from './version.ts';

/** Readers of a typical post when the config gives no audience for the source. */
export const DEFAULT_AUDIENCE: Readonly<Record<SourceInfo['kind'], number>> = {
  feed: 300,
  forum: 150,
  page: 200,
};
/** Readers per comment: the "1% rule" (90-9-1) of online participation. */
export const READERS_PER_COMMENT = 100;
/** Readers per thread reply: forums are more participative than blogs (≈ 3%). */
export const READERS_PER_REPLY = 30;
/** The share of a thread's readers who still reach the post at a position never drops below. */
export const MIN_POSITION_SHARE = 0.2;

/** Share of a thread's readers who read the post at this 1-based position. */
export function positionShare(position: number | null): number {
  if (position === null || !(position > 1)) return 1;
  // Readers drop off page by page; a forum page holds ~10 to 20 posts: half are gone by #11.
  return Math.max(MIN_POSITION_SHARE, 10 / (9 + position));
}

const count = (n: number | null | undefined) =>
  typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;

export function reach(p: { engagement: Engagement }, source: SourceInfo): Explained {
  const configured = source.audience !== null && source.audience !== undefined;
  const audience = configured ? count(source.audience) : DEFAULT_AUDIENCE[source.kind];
  const e = p.engagement;
  const views = count(e.views);
  const fromComments = READERS_PER_COMMENT * count(e.comments);
  const fromReplies = READERS_PER_REPLY * count(e.replies);
  // The same people are counted by every estimate: take the largest, do not add them.
  const readers = Math.max(audience, views, fromComments, fromReplies);
  const share = positionShare(e.position);
  const value = Math.round(readers * share);

  const reasons = [
    configured
      ? `source audience ${audience} (configured)`
      : `source audience ${audience} (default for a ${source.kind})`,
  ];
  if (views > 0) reasons.push(`${views} thread views`);
  if (fromComments > 0) reasons.push(`${count(e.comments)} comments ≈ ${fromComments} readers`);
  if (fromReplies > 0) reasons.push(`${count(e.replies)} replies ≈ ${fromReplies} readers`);
  if (share < 1)
    reasons.push(`post #${e.position} in its thread: read by ${Math.round(share * 100)}%`);
  return {
    value,
    components: { audience, views, fromComments, fromReplies, positionShare: share },
    reasons,
    version: SCORING_VERSION,
  };
}
