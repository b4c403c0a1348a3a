// The ranked list (GET /v1/posts) with its filters, kept in the URL; j/k or arrows move the
// selection, Enter opens the selected post.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from './api.ts';
import { brandName, useShared } from './context.ts';
import { DateField, SelectField } from './fields.tsx';
import { typing } from './route.ts';
import type { Alert, Page, PostSummary, Source } from './types.ts';

/** The filters the list sends to /v1/posts, as named in its query and in the URL. */
export const FILTERS = [
  'brand',
  'complaint',
  'minSeverity',
  'source',
  'since',
  'until',
  'handled',
  'q',
  // A saved search by name (POST /v1/searches), as the digest's links carry it.
  'search',
] as const;

const SEVERITIES = [0, 25, 50, 75];

/** The day after a YYYY-MM-DD day, as YYYY-MM-DD. */
export function nextDay(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? day : new Date(t + 86_400_000).toISOString().slice(0, 10);
}

export function severityClass(v: number): string {
  return v >= 75 ? 'sev sev-high' : v >= 50 ? 'sev sev-mid' : v >= 25 ? 'sev sev-low' : 'sev';
}

function Filters(props: {
  query: URLSearchParams;
  sources: Source[];
  onChange: (q: URLSearchParams) => void;
}) {
  const { t, brands } = useShared();
  const q = props.query;
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(q);
    if (value) next.set(name, value);
    else next.delete(name);
    props.onChange(next);
  };
  /** A filter chosen in a list, kept in the URL under `name`. */
  const choice = (name: string, label: string, options: readonly (readonly [string, string])[]) => (
    <SelectField
      label={label}
      name={name}
      value={q.get(name) ?? ''}
      options={options}
      onChange={(v) => set(name, v)}
    />
  );
  const [text, setText] = useState(q.get('q') ?? '');
  useEffect(() => setText(q.get('q') ?? ''), [q]);
  return (
    <form
      class="filters"
      aria-label={t.filters}
      onSubmit={(e) => {
        e.preventDefault();
        set('q', text.trim());
      }}
    >
      {choice('brand', t.brand, [['', t.allBrands], ...brands.map((b) => [b.id, b.name] as const)])}
      {choice('complaint', t.postKind, [
        ['', t.kindAll],
        ['true', t.kindComplaints],
        ['false', t.kindOthers],
      ])}
      {choice(
        'minSeverity',
        t.minSeverity,
        SEVERITIES.map((v) => (v === 0 ? ['', t.none] : [String(v), `≥ ${v}`])),
      )}
      {choice('source', t.source, [
        ['', t.allSources],
        ...props.sources.map((x) => [x.id, x.name ?? x.id] as const),
      ])}
      <DateField
        label={t.since}
        name="since"
        value={q.get('since') ?? ''}
        onChange={(v) => set('since', v)}
      />
      <DateField
        label={t.until}
        name="until"
        value={q.get('until') ?? ''}
        onChange={(v) => set('until', v)}
      />
      {choice('handled', t.handled, [
        ['', t.handledAll],
        ['false', t.handledOpen],
        ['true', t.handledDone],
      ])}
      {q.get('search') &&
        choice('search', t.savedSearch, [
          [q.get('search') ?? '', q.get('search') ?? ''],
          ['', t.noSavedSearch],
        ])}
      <label class="grow">
        {t.search}
        <input
          type="search"
          name="q"
          value={text}
          placeholder={t.searchPlaceholder}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <button type="button" class="link" onClick={() => props.onChange(new URLSearchParams())}>
        {t.reset}
      </button>
    </form>
  );
}

/** The alerts of the last day, above the list: a spike does not wait for the digest. */
export function AlertBanner(props: { alerts: Alert[] }) {
  const { t, f, brands } = useShared();
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
  const live = props.alerts.filter((a) => a.windowEnd >= dayAgo);
  if (live.length === 0) return null;
  return (
    <section class="alerts-banner" role="alert" aria-label={t.alerts}>
      {live.map((a) => (
        <p key={a.id}>
          <strong>⚠ {t.alerts}</strong>{' '}
          {t.alertLine(
            brandName(brands, a.brand),
            a.count,
            f.precise(a.baseline),
            f.at(a.windowStart),
            f.at(a.windowEnd),
          )}{' '}
          <a href="#/trends">{t.navTrends} →</a>
        </p>
      ))}
    </section>
  );
}

function Row(props: {
  post: PostSummary;
  rank: number;
  selected: boolean;
  linkRef: (el: HTMLAnchorElement | null) => void;
  onFocus: () => void;
}) {
  const { t, f, brands } = useShared();
  const p = props.post;
  return (
    <li class={props.selected ? 'post selected' : 'post'} aria-current={props.selected}>
      <a href={`#/post/${p.id}`} ref={props.linkRef} onFocus={props.onFocus} data-id={p.id}>
        <span class="rank">{props.rank}</span>
        <span class={severityClass(p.severity.value)} title={t.severity}>
          {Math.round(p.severity.value)}
        </span>
        <span class="main">
          <span class="post-title">{p.title ?? p.excerpt.slice(0, 90)}</span>
          <span class="meta">
            {p.brands.map((b) => (
              <span class={b.target ? 'chip target' : 'chip'} key={b.id}>
                {brandName(brands, b.id)}
              </span>
            ))}
            <span>{p.source}</span>
            {p.publishedAt && <span>{f.day(p.publishedAt)}</span>}
            <span title={t.priority}>
              {t.priority} {f.num(p.priority.value)}
            </span>
            {p.workflow.handled && <span class="badge done">✓ {t.handledBadge}</span>}
            {p.workflow.assignee && <span class="badge">{t.assignedTo(p.workflow.assignee)}</span>}
            {(p.workflow.noteCount ?? 0) > 0 && (
              <span class="badge">{t.notes(p.workflow.noteCount ?? 0)}</span>
            )}
          </span>
        </span>
      </a>
    </li>
  );
}

export function PostsView(props: {
  query: URLSearchParams;
  active: boolean;
  sources: Source[];
  alerts: Alert[];
}) {
  const { t, version, navigate } = useShared();
  const [items, setItems] = useState<PostSummary[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | string>('loading');
  const [selected, setSelected] = useState(0);
  // Open on a wide screen; on a phone, folded under their title so that the list shows first.
  const [filtersOpen, setFiltersOpen] = useState(() => matchMedia('(min-width: 761px)').matches);
  const used = FILTERS.filter((k) => props.query.get(k)).length;
  const links = useRef<(HTMLAnchorElement | null)[]>([]);
  const filters: Record<string, string | undefined> = Object.fromEntries(
    FILTERS.map((k) => [k, props.query.get(k) ?? undefined] as const),
  );
  // The form's "to" day is included; the API's until is exclusive.
  if (filters.until) filters.until = nextDay(filters.until);
  const key = JSON.stringify(filters);

  const load = async (cursor: string | null) => {
    const page = await api<Page<PostSummary>>('v1/posts', {
      query: { ...filters, limit: 50, cursor },
    });
    return page;
  };

  useEffect(() => {
    let current = true;
    setState('loading');
    load(null).then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setNext(page.nextCursor ?? null);
        setState('ready');
        setSelected((s) => Math.min(s, Math.max(0, page.items.length - 1)));
      },
      (err) => current && setState(err instanceof ApiError ? err.detail : String(err)),
    );
    return () => {
      current = false;
    };
  }, [key, version]);

  // The selection as of the last key press: presses that come faster than renders each move.
  const current = useRef(0);
  current.current = selected;
  useEffect(() => {
    if (!props.active) return;
    const onKey = (e: KeyboardEvent) => {
      if (typing(e) || e.altKey || e.ctrlKey || e.metaKey) return;
      const move = (d: number) => {
        e.preventDefault();
        const i = Math.max(0, Math.min(items.length - 1, current.current + d));
        current.current = i;
        setSelected(i);
        links.current[i]?.focus();
        links.current[i]?.scrollIntoView({ block: 'nearest' });
      };
      if (e.key === 'j' || e.key === 'ArrowDown') move(1);
      else if (e.key === 'k' || e.key === 'ArrowUp') move(-1);
      else if (e.key === 'Enter' && !(e.target instanceof HTMLAnchorElement)) {
        const post = items[current.current];
        if (post) navigate(`#/post/${post.id}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [props.active, items, navigate]);

  const more = async () => {
    const page = await load(next);
    setItems((xs) => [...xs, ...page.items]);
    setNext(page.nextCursor ?? null);
  };

  return (
    <div class="posts-view" hidden={!props.active}>
      <AlertBanner alerts={props.alerts} />
      <details
        class="filter-box"
        open={filtersOpen}
        onToggle={(e) => setFiltersOpen(e.currentTarget.open)}
      >
        <summary>
          {t.filters}
          {used > 0 && <span class="badge">{used}</span>}
        </summary>
        <Filters
          query={props.query}
          sources={props.sources}
          onChange={(q) => {
            const s = q.toString();
            setSelected(0);
            navigate(s ? `#/?${s}` : '#/', true);
          }}
        />
      </details>
      <p class="hint">{t.keysHelp}</p>
      {state === 'loading' && <p aria-busy="true">{t.loading}</p>}
      {state !== 'loading' && state !== 'ready' && <p class="error">{t.error(state)}</p>}
      {state === 'ready' && items.length === 0 && <p>{t.noPosts}</p>}
      <ol class="post-list" aria-label={t.navPosts}>
        {items.map((p, i) => (
          <Row
            key={p.id}
            post={p}
            rank={i + 1}
            selected={i === selected}
            linkRef={(el) => {
              links.current[i] = el;
            }}
            onFocus={() => setSelected(i)}
          />
        ))}
      </ol>
      {next && (
        <button type="button" onClick={more}>
          {t.loadMore}
        </button>
      )}
    </div>
  );
}
