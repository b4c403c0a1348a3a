// A person's correction of an analysis. It is stored beside the analysis and shown with it; it
// never changes the analysis or the model (a later training run may choose to read it).
import type { Sentiment } from '../types.ts';
import type { Db } from './open.ts';

export interface FeedbackInput {
  sentiment?: Sentiment;
  complaint?: boolean;
  /** The brand the complaint is really aimed at, or null for none. */
  target?: string | null;
  note?: string;
}

export interface Feedback extends FeedbackInput {
  id: number;
  postId: string;
  keyId: string | null;
  createdAt: string;
}

/**
 * How the target column tells "no brand is aimed at" (the person's answer: target null) from
 * no answer about the target (NULL): brand ids are never empty.
 */
const NO_TARGET = '';

interface FeedbackRow {
  id: number;
  post_id: string;
  key_id: string | null;
  sentiment: Sentiment | null;
  complaint: number | null;
  target: string | null;
  note: string | null;
  created_at: string;
}

export function addFeedback(
  db: Db,
  postId: string,
  input: FeedbackInput,
  keyId: string | null,
  at: string,
): Feedback {
  const info = db
    .prepare(`
      INSERT INTO feedback (post_id, key_id, sentiment, complaint, target, note, created_at)
      VALUES (@postId, @keyId, @sentiment, @complaint, @target, @note, @at)`)
    .run({
      postId,
      keyId,
      sentiment: input.sentiment ?? null,
      complaint: input.complaint === undefined ? null : input.complaint ? 1 : 0,
      target: input.target === undefined ? null : (input.target ?? NO_TARGET),
      note: input.note ?? null,
      at,
    });
  return { id: Number(info.lastInsertRowid), postId, keyId, createdAt: at, ...input };
}

export function listFeedback(db: Db, postId: string): Feedback[] {
  return db
    .prepare<[string], FeedbackRow>('SELECT * FROM feedback WHERE post_id = ? ORDER BY id')
    .all(postId)
    .map((r) => {
      const f: Feedback = { id: r.id, postId: r.post_id, keyId: r.key_id, createdAt: r.created_at };
      if (r.sentiment !== null) f.sentiment = r.sentiment;
      if (r.complaint !== null) f.complaint = r.complaint === 1;
      if (r.target !== null) f.target = r.target === NO_TARGET ? null : r.target;
      if (r.note !== null) f.note = r.note;
      return f;
    });
}
