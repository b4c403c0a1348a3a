// A team's shared state on a post: handled (by whom, when), who it is assigned to, and notes.
// It is the team's, not the analysis's: nothing here changes a score or the ranked order.
import type { Db } from './open.ts';
import { cached } from './statements.ts';

/** Who did it: the key's id and name (null without a key, which the API never allows). */
export interface Actor {
  keyId: string | null;
  name: string | null;
}

export interface Note {
  id: number;
  postId: string;
  author: Actor;
  text: string;
  createdAt: string;
}

export interface Workflow {
  handled: boolean;
  handledAt: string | null;
  handledBy: Actor | null;
  assignee: string | null;
  /** Notes on the post: their count in lists, the notes themselves in a post's detail. */
  noteCount: number;
}

export interface WorkflowChange {
  handled?: boolean;
  /** A person's name or address; null unassigns. */
  assignee?: string | null;
}

/** A post's workflow columns, as the queries that read them name them. */
export interface StateRow {
  handled_at: string | null;
  handled_by_key: string | null;
  handled_by_name: string | null;
  assignee: string | null;
  note_count: number;
}

const EMPTY: Workflow = {
  handled: false,
  handledAt: null,
  handledBy: null,
  assignee: null,
  noteCount: 0,
};

export const toWorkflow = (r: StateRow): Workflow => ({
  handled: r.handled_at !== null,
  handledAt: r.handled_at,
  handledBy: r.handled_at === null ? null : { keyId: r.handled_by_key, name: r.handled_by_name },
  assignee: r.assignee,
  noteCount: r.note_count,
});

/** The workflow of each post of `ids` (posts nobody touched get the empty state). */
export function workflowOf(db: Db, ids: readonly string[]): Map<string, Workflow> {
  const out = new Map<string, Workflow>(ids.map((id) => [id, EMPTY]));
  if (ids.length === 0) return out;
  const rows = cached(
    db,
    `
      WITH ids(id) AS (SELECT value FROM json_each(?))
      SELECT ids.id AS post_id, w.handled_at, w.handled_by_key, w.handled_by_name, w.assignee,
        (SELECT COUNT(*) FROM post_notes n WHERE n.post_id = ids.id) AS note_count
      FROM ids LEFT JOIN post_workflow w ON w.post_id = ids.id`,
  ).all(JSON.stringify(ids)) as (StateRow & { post_id: string })[];
  for (const r of rows) out.set(r.post_id, toWorkflow(r));
  return out;
}

/**
 * Applies a change and returns the new state. Marking handled a post already handled keeps
 * who handled it first; marking it not handled clears both.
 */
export function updateWorkflow(
  db: Db,
  postId: string,
  change: WorkflowChange,
  by: Actor,
  at: string,
): Workflow {
  const handled = change.handled === undefined ? null : change.handled ? 1 : 0;
  const assign = change.assignee !== undefined ? 1 : 0;
  db.prepare(`
    INSERT INTO post_workflow (post_id, handled_at, handled_by_key, handled_by_name, assignee,
      updated_at)
    VALUES (@postId,
      CASE WHEN @handled = 1 THEN @at END,
      CASE WHEN @handled = 1 THEN @key END,
      CASE WHEN @handled = 1 THEN @name END,
      CASE WHEN @assign = 1 THEN @assignee END,
      @at)
    ON CONFLICT (post_id) DO UPDATE SET
      handled_at = CASE WHEN @handled = 1 THEN COALESCE(handled_at, @at)
        WHEN @handled = 0 THEN NULL ELSE handled_at END,
      handled_by_key = CASE WHEN @handled = 1 THEN
          (CASE WHEN handled_at IS NULL THEN @key ELSE handled_by_key END)
        WHEN @handled = 0 THEN NULL ELSE handled_by_key END,
      handled_by_name = CASE WHEN @handled = 1 THEN
          (CASE WHEN handled_at IS NULL THEN @name ELSE handled_by_name END)
        WHEN @handled = 0 THEN NULL ELSE handled_by_name END,
      assignee = CASE WHEN @assign = 1 THEN @assignee ELSE assignee END,
      updated_at = @at`).run({
    postId,
    handled,
    assign,
    assignee: change.assignee ?? null,
    key: by.keyId,
    name: by.name,
    at,
  });
  return workflowOf(db, [postId]).get(postId)!;
}

export function addNote(db: Db, postId: string, text: string, by: Actor, at: string): Note {
  const info = db
    .prepare(`
      INSERT INTO post_notes (post_id, author_key, author_name, text, created_at)
      VALUES (?, ?, ?, ?, ?)`)
    .run(postId, by.keyId, by.name, text, at);
  return { id: Number(info.lastInsertRowid), postId, author: by, text, createdAt: at };
}

interface NoteRow {
  id: number;
  post_id: string;
  author_key: string | null;
  author_name: string | null;
  text: string;
  created_at: string;
}

/** A post's notes, oldest first. */
export function listNotes(db: Db, postId: string): Note[] {
  return db
    .prepare<[string], NoteRow>('SELECT * FROM post_notes WHERE post_id = ? ORDER BY id')
    .all(postId)
    .map((r) => ({
      id: r.id,
      postId: r.post_id,
      author: { keyId: r.author_key, name: r.author_name },
      text: r.text,
      createdAt: r.created_at,
    }));
}

/**
 * The conditions of the workflow filters (?handled=, ?assignee=) on the post whose id is
 * `postId` (an SQL expression), their parameters added to `params`: the same for the lists
 * (read.ts) and the exports (export.ts).
 */
export function workflowConditions(
  f: { handled?: boolean; assignee?: string },
  postId: string,
  params: Record<string, unknown>,
): string[] {
  const where: string[] = [];
  if (f.handled !== undefined) {
    where.push(`${f.handled ? '' : 'NOT '}EXISTS (SELECT 1 FROM post_workflow w
      WHERE w.post_id = ${postId} AND w.handled_at IS NOT NULL)`);
  }
  if (f.assignee !== undefined) {
    where.push(
      `EXISTS (SELECT 1 FROM post_workflow w WHERE w.post_id = ${postId} AND w.assignee = @assignee)`,
    );
    params.assignee = f.assignee;
  }
  return where;
}
