// One post (GET /v1/posts/:id): its text with the evidence marked, the reasons of each score,
// and the team's workflow on it (PATCH /v1/posts/:id, POST /v1/posts/:id/notes) for editor
// and admin keys; a reader, or no key, sees why the controls are off. Any key may also say
// the analysis is wrong (POST /v1/posts/:id/feedback); without a key that form is not shown.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from './api.ts';
import { brandName, useShared } from './context.ts';
import { SelectField } from './fields.tsx';
import { postSpans, type Segment, type Span, segments } from './highlight.ts';
import type { Messages } from './i18n.ts';
import { severityClass } from './posts.tsx';
import { typing } from './route.ts';
import type {
  Brand,
  Explained,
  Feedback,
  FeedbackInput,
  Note,
  PostDetail,
  Sentiment,
  Workflow,
} from './types.ts';

function Marked(props: { text: string; spans: (Span & { text: string })[] }) {
  const { f } = useShared();
  const parts: Segment[] = segments(props.text, props.spans);
  return (
    <>
      {parts.map((s, i) => {
        if (s.spans.length === 0) return s.text;
        const kinds = new Set(s.spans.map((x) => x.kind));
        const cls = [...kinds].map((k) => `mark-${k}`).join(' ');
        const why = [...new Set(s.spans.map((x) => f.reason(x.reason)))].join(' · ');
        return (
          <mark key={i} class={cls} title={why} data-reason={why}>
            {s.text}
          </mark>
        );
      })}
    </>
  );
}

function Score(props: { name: string; score: Explained | null }) {
  const { t, f } = useShared();
  const s = props.score;
  if (!s) return null;
  return (
    <section class="score">
      <h3>
        {props.name} <span class="value">{f.num(s.value)}</span>
      </h3>
      <ul class="reasons">
        {s.reasons.map((r) => (
          <li key={r}>{f.reason(r)}</li>
        ))}
      </ul>
      <details>
        <summary>{t.components}</summary>
        <table>
          <tbody>
            {Object.entries(s.components).map(([k, v]) => (
              <tr key={k}>
                <th scope="row" title={k}>
                  {f.component(k)}
                </th>
                <td>{f.num(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function WorkflowPanel(props: { post: PostDetail; onChange: (p: PostDetail) => void }) {
  const { t, f, me, wrote } = useShared();
  const post = props.post;
  const w = post.workflow;
  const canEdit = me?.may.edit ?? false;
  const [assignee, setAssignee] = useState(w.assignee ?? '');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => setAssignee(w.assignee ?? ''), [w.assignee]);

  const run = async (action: () => Promise<void>) => {
    setMessage(null);
    try {
      await action();
      wrote();
      setMessage(t.saved);
    } catch (err) {
      setMessage(t.error(err instanceof ApiError ? err.detail : String(err)));
    }
  };
  const patch = (body: { handled?: boolean; assignee?: string | null }) =>
    run(async () => {
      const next = await api<Workflow>(`v1/posts/${post.id}`, { method: 'PATCH', body });
      props.onChange({ ...post, workflow: { ...w, ...next, notes: w.notes } });
    });
  const addNote = () =>
    run(async () => {
      const saved = await api<Note>(`v1/posts/${post.id}/notes`, {
        method: 'POST',
        body: { text: note },
      });
      setNote('');
      props.onChange({ ...post, workflow: { ...w, notes: [...w.notes, saved] } });
    });

  const who = (a: { name: string | null; keyId: string | null } | null) =>
    a?.name ?? a?.keyId ?? t.someone;
  return (
    <section class="workflow" aria-label={t.workflow}>
      <h2>{t.workflow}</h2>
      {!canEdit && (
        <p class="readonly" role="note">
          {me?.key ? t.cannotEditReader : t.cannotEditAnonymous}
        </p>
      )}
      <p class="handled-state">
        {w.handled ? (
          <span class="badge done">
            ✓ {t.handledByAt(who(w.handledBy), w.handledAt ? f.at(w.handledAt) : '')}
          </span>
        ) : null}{' '}
        <button
          type="button"
          class={w.handled ? '' : 'primary'}
          disabled={!canEdit}
          onClick={() => patch({ handled: !w.handled })}
        >
          {w.handled ? t.reopen : t.markHandled}
        </button>
      </p>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          patch({ assignee: assignee.trim() || null });
        }}
      >
        <label>
          {t.assignee}
          <input
            name="assignee"
            value={assignee}
            maxLength={100}
            disabled={!canEdit}
            onInput={(e) => setAssignee(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={!canEdit}>
          {t.assign}
        </button>
        {w.assignee && (
          <button type="button" disabled={!canEdit} onClick={() => patch({ assignee: null })}>
            {t.unassign}
          </button>
        )}
      </form>
      <h3>{t.notes(w.notes.length)}</h3>
      {w.notes.length === 0 && <p class="muted">{t.noNotes}</p>}
      <ul class="notes">
        {w.notes.map((n) => (
          <li key={n.id}>
            <p>{n.text}</p>
            <p class="muted">
              {who(n.author)} · {f.at(n.createdAt)}
            </p>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (note.trim()) addNote();
        }}
      >
        <label class="block">
          {t.addNote}
          <textarea
            name="note"
            rows={3}
            maxLength={2000}
            value={note}
            placeholder={t.notePlaceholder}
            disabled={!canEdit}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={!canEdit || !note.trim()}>
          {t.addNote}
        </button>
      </form>
      {message && (
        <p class="message" role="status">
          {message}
        </p>
      )}
    </section>
  );
}

/** What a feedback says, in the reader's words: "pas une réclamation · ton neutre · …". */
function feedbackSays(fb: Feedback, t: Messages, brands: Brand[]): string {
  const parts: string[] = [];
  if (fb.complaint !== undefined) parts.push(fb.complaint ? t.complaint : t.notComplaint);
  if (fb.sentiment) parts.push(t.feedbackToneIs(toneWord(t, fb.sentiment)));
  if (fb.target !== undefined) {
    parts.push(
      fb.target === null ? t.feedbackTargetNone : t.feedbackTargetIs(brandName(brands, fb.target)),
    );
  }
  if (fb.note) parts.push(t.quoted(fb.note));
  return parts.join(' · ') || t.none;
}

const toneWord = (t: Messages, s: Sentiment) =>
  ({ negative: t.sentimentNegative, neutral: t.sentimentNeutral, positive: t.sentimentPositive })[
    s
  ];

/** The target choice "no brand is aimed at" (sent as null); brand ids never start with "-". */
const NO_BRAND = '-none';

/**
 * "This analysis is wrong": whether it is a complaint, its tone, the brand it really aims at, a
 * comment; only what is chosen is sent. Shown when GET /v1/me says the key may (any key, a
 * reader's too: the API's "write" access); without a key the API would answer 401. The corrections
 * already given are listed for everyone. "No brand aimed at" is sent as target null.
 */
function FeedbackPanel(props: { post: PostDetail; onChange: (p: PostDetail) => void }) {
  const { t, f, me, brands } = useShared();
  const post = props.post;
  const canSend = me?.may.feedback ?? false;
  const [complaint, setComplaint] = useState('');
  const [sentiment, setSentiment] = useState('');
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  if (!canSend && post.feedback.length === 0) return null;

  // A scoped key may name only its own brands (the API answers 403 otherwise).
  const scope = me?.key?.brands ?? null;
  const choices = brands.filter((b) => scope === null || scope.includes(b.id));
  const body: FeedbackInput = {};
  if (complaint) body.complaint = complaint === 'true';
  if (sentiment) body.sentiment = sentiment as Sentiment;
  if (target) body.target = target === NO_BRAND ? null : target;
  if (note.trim()) body.note = note.trim();
  const empty = Object.keys(body).length === 0;

  const send = async () => {
    setMessage(null);
    try {
      const saved = await api<Feedback>(`v1/posts/${post.id}/feedback`, { method: 'POST', body });
      setComplaint('');
      setSentiment('');
      setTarget('');
      setNote('');
      setMessage(t.feedbackSent);
      props.onChange({ ...post, feedback: [...post.feedback, saved] });
    } catch (err) {
      setMessage(t.error(err instanceof ApiError ? err.detail : String(err)));
    }
  };

  return (
    <section class="feedback" aria-labelledby="feedback-title">
      <h2 id="feedback-title">{t.feedback}</h2>
      {post.feedback.length > 0 && (
        <>
          <h3>{t.feedbackGiven(post.feedback.length)}</h3>
          <ul class="feedback-given">
            {post.feedback.map((fb) => (
              <li key={fb.id}>
                <p>{feedbackSays(fb, t, brands)}</p>
                <p class="muted">
                  {fb.keyId ? `${t.feedbackByKey(fb.keyId)} · ` : ''}
                  {f.at(fb.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
      {canSend && (
        <form
          class="feedback-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!empty) send();
          }}
        >
          <p class="muted small">{t.feedbackWhy}</p>
          <SelectField
            class="block"
            label={t.feedbackComplaint}
            name="fbComplaint"
            value={complaint}
            onChange={setComplaint}
            options={[
              ['', t.feedbackUnchanged],
              ['true', t.feedbackIsComplaint],
              ['false', t.feedbackNotComplaint],
            ]}
          />
          <SelectField
            class="block"
            label={t.feedbackSentiment}
            name="fbSentiment"
            value={sentiment}
            onChange={setSentiment}
            options={[
              ['', t.feedbackUnchanged],
              ['negative', t.sentimentNegative],
              ['neutral', t.sentimentNeutral],
              ['positive', t.sentimentPositive],
            ]}
          />
          <SelectField
            class="block"
            label={t.feedbackTarget}
            name="fbTarget"
            value={target}
            onChange={setTarget}
            options={[
              ['', t.feedbackUnchanged],
              [NO_BRAND, t.feedbackTargetNone],
              ...choices.map((b) => [b.id, b.name] as const),
            ]}
          />
          <label class="block">
            {t.feedbackNote}
            <textarea
              name="fbNote"
              rows={2}
              maxLength={2000}
              value={note}
              placeholder={t.feedbackNotePlaceholder}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={empty}>
            {t.feedbackSend}
          </button>
        </form>
      )}
      {message && (
        <p class="message" role="status">
          {message}
        </p>
      )}
    </section>
  );
}

export function PostView(props: { id: string; back: string }) {
  const { t, f, brands, navigate } = useShared();
  const [post, setPost] = useState<PostDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setPost(null);
    setError(null);
    api<PostDetail>(`v1/posts/${props.id}`).then(
      (p) => current && setPost(p),
      (err) => current && setError(err instanceof ApiError ? err.detail : String(err)),
    );
    return () => {
      current = false;
    };
  }, [props.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !typing(e)) navigate(props.back);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [props.back, navigate]);

  const backLink = (
    <a class="back" href={props.back}>
      {t.back}
    </a>
  );
  if (error) {
    return (
      <article class="post-view">
        {backLink}
        <p class="error">{t.error(error)}</p>
      </article>
    );
  }
  if (!post) {
    return (
      <article class="post-view">
        {backLink}
        <p aria-busy="true">{t.loading}</p>
      </article>
    );
  }
  const spans = postSpans(post);
  const a = post.analysis;
  const sentiment = a
    ? {
        negative: t.sentimentNegative,
        neutral: t.sentimentNeutral,
        positive: t.sentimentPositive,
      }[a.sentiment]
    : null;
  return (
    <article class="post-view" aria-labelledby="post-title" data-id={post.id}>
      {backLink}
      <header>
        <h1 id="post-title">
          {post.title ? <Marked text={post.title} spans={spans.title} /> : t.none}
        </h1>
        <p class="meta">
          <span>{post.source.name ?? post.source.id}</span>
          {post.author && <span>{t.by(post.author)}</span>}
          {post.publishedAt && <span>{f.at(post.publishedAt)}</span>}
          {post.severity && (
            <span class={severityClass(post.severity.value)} title={t.severity}>
              {Math.round(post.severity.value)}
            </span>
          )}
          {a && (
            <span class={a.complaint ? 'chip target' : 'chip'}>
              {a.complaint ? t.complaint : t.notComplaint} (
              {t.confidence(f.pct(a.complaintConfidence))})
            </span>
          )}
          {sentiment && (
            <span>
              {t.sentiment} : {sentiment}
            </span>
          )}
          {post.url && (
            <a href={post.url} rel="noreferrer noopener" target="_blank">
              {t.openOriginal} ↗
            </a>
          )}
        </p>
      </header>
      <div class="post-grid">
        <div>
          <section class="text" aria-label={t.evidence}>
            <p class="legend muted">{t.evidenceLegend}</p>
            <div class="post-text">
              <Marked text={post.text} spans={spans.text} />
            </div>
          </section>
          {a && a.grievances.length > 0 && (
            <section>
              <h2>{t.grievances}</h2>
              <ul>
                {a.grievances.map((g) => (
                  <li key={`${g.category}-${g.evidence.start}`}>
                    <strong>{f.category(g.category)}</strong> : « {g.evidence.text} »
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section>
            <h2>{t.brands}</h2>
            <ul>
              {post.brands.map((b) => (
                <li key={b.id}>
                  <span class={b.target ? 'chip target' : 'chip'}>
                    {b.name ?? brandName(brands, b.id)}
                  </span>{' '}
                  {b.target && <em>{t.target}</em>} —{' '}
                  <span class="brand-reasons">{b.reasons.map((r) => f.reason(r)).join(' ; ')}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <div>
          <WorkflowPanel post={post} onChange={setPost} />
          <section class="scores" aria-label={t.scores}>
            <h2>{t.scores}</h2>
            <Score name={t.severity} score={post.severity} />
            <Score name={t.reach} score={post.reach} />
            <Score name={t.priority} score={post.priority} />
          </section>
          <FeedbackPanel post={post} onChange={setPost} />
        </div>
      </div>
    </article>
  );
}
