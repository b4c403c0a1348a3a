// The team's workflow on a post: mark it handled, assign it, add a note. Editor and admin keys
// only (a reader key is a 403); a key limited to some brands may touch only the posts it may
// read (another brand's post is a 404, as for reads).
import type { Db } from '../store/open.ts';
import { type Actor, addNote, updateWorkflow } from '../store/workflow.ts';
import type { Principal } from './auth.ts';
import { Note, Workflow } from './responses.ts';
import { type Router, route } from './route.ts';
import { visiblePost } from './routes-posts.ts';
import { idParam, noteBody, workflowPatch } from './schemas.ts';

const ERRORS = {
  400: 'a field is invalid (errors name it)',
  401: 'no or invalid key',
  403: 'a reader key: workflow needs an editor or admin key',
  404: 'no such post (or not visible to this key)',
  413: 'body over 64 KiB',
};

function actor(p: Principal): Actor {
  return p.kind === 'key' ? { keyId: p.key.id, name: p.key.name } : { keyId: null, name: null };
}

export function workflowRoutes(r: Router, db: Db, now: () => Date): void {
  route(
    r,
    {
      method: 'patch',
      path: '/v1/posts/:id',
      tag: 'workflow',
      access: 'edit',
      summary: 'Mark a post handled (or not) and/or assign it (null unassigns)',
      description:
        'Shared by every key: one state per post. Marking handled a post already handled keeps who handled it first.',
      params: idParam,
      body: workflowPatch,
      responses: { 200: 'the workflow state', ...ERRORS },
      response: { 200: Workflow },
    },
    (c, { params, body, principal }) => {
      const post = visiblePost(db, params.id, principal);
      return c.json(updateWorkflow(db, post.id, body, actor(principal), now().toISOString()));
    },
  );

  route(
    r,
    {
      method: 'post',
      path: '/v1/posts/:id/notes',
      tag: 'workflow',
      access: 'edit',
      summary: 'Add a note to a post, kept with its author (key id and name) and time',
      params: idParam,
      body: noteBody,
      responses: {
        201: 'the note as stored; Location: the post, which lists its notes',
        ...ERRORS,
      },
      response: { 201: Note },
    },
    (c, { params, body, principal }) => {
      const post = visiblePost(db, params.id, principal);
      const note = addNote(db, post.id, body.text, actor(principal), now().toISOString());
      // A note has no address of its own: it is read with its post.
      return c.json(note, 201, { location: `/v1/posts/${post.id}` });
    },
  );
}
