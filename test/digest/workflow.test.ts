// The digest and the team's workflow: a post marked handled before the send is left out (the
// team already dealt with it); the others show who follows them and how many notes they have.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build.ts';
import { renderDigest } from '../../src/digest/render.ts';
import { renderSlack } from '../../src/digest/render-text.ts';
import type { Db } from '../../src/store/open.ts';
import { addNote, updateWorkflow } from '../../src/store/workflow.ts';
import { postId } from '../../src/store/write.ts';
import { DATE, digestConfig, openTestStore, seedComplaints } from './fixtures.ts';

let db: Db;
beforeEach(() => {
  db = openTestStore();
  seedComplaints(db);
});
afterEach(() => db.close());

const by = { keyId: 'key_alice', name: 'alice' };
const AT = '2026-03-28T21:00:00.000Z';

function build(language: 'fr' | 'en' = 'fr') {
  const config = digestConfig({ language });
  return buildDigest(db, config.digests[0]!, DATE, { brands: config.brands });
}

describe('digest and workflow', () => {
  it('leaves handled posts out, keeps the window count, and a reopened post comes back', () => {
    const before = build();
    expect(before.sections[0]!.items.map((i) => i.id)).toContain(postId('blog', 'worst'));
    updateWorkflow(db, postId('blog', 'worst'), { handled: true }, by, AT);
    const after = build();
    const ids = after.sections[0]!.items.map((i) => i.id);
    expect(ids).not.toContain(postId('blog', 'worst'));
    expect(ids).toHaveLength(before.sections[0]!.items.length - 1);
    // The count says how many complaints the brand had, handled or not.
    expect(after.sections[0]!.windowCount).toBe(before.sections[0]!.windowCount);
    updateWorkflow(db, postId('blog', 'worst'), { handled: false }, by, AT);
    expect(build().sections[0]!.items.map((i) => i.id)).toContain(postId('blog', 'worst'));
  });

  it('shows the assignee and the note count in every part', () => {
    const id = postId('blog', 'middle');
    updateWorkflow(db, id, { assignee: 'chloé' }, by, AT);
    addNote(db, id, 'rappelée', by, AT);
    addNote(db, id, 'geste commercial', by, AT);
    const d = build();
    const item = d.sections[0]!.items.find((i) => i.id === id)!;
    expect(item).toMatchObject({ assignee: 'chloé', notes: 2 });
    const r = renderDigest(d);
    expect(r.html).toContain('suivi par chloé · 2 notes');
    expect(r.text).toContain('suivi par chloé · 2 notes');
    expect(JSON.stringify(renderSlack(d).blocks)).toContain('suivi par chloé · 2 notes');
    // Untouched posts say nothing about workflow.
    expect(r.text.match(/suivi par/g)).toHaveLength(1);
    expect(renderDigest(build('en')).text).toContain('assigned to chloé · 2 notes');
  });
});
