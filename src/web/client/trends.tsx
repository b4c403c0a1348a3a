// Per-brand trends (GET /v1/brands/:id/trend: complaints, negative mentions, spikes), the
// spike alerts (GET /v1/alerts) and the share of voice across brands (their summaries over
// the same window). The window is the dates chosen, else the 30 days up to the newest post,
// so that a store whose posts are older than today still shows them.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api } from './api.ts';
import { TrendChart } from './chart.tsx';
import { brandName, useShared } from './context.ts';
import { DateField } from './fields.tsx';
import { nextDay } from './posts.tsx';
import type { Alert, BrandSummary, Page, PostSummary, Trend } from './types.ts';

const DAY = 86_400_000;
const WINDOW_DAYS = 30;

interface Range {
  since: string;
  until: string;
}

async function defaultRange(): Promise<Range> {
  const newest = await api<Page<PostSummary>>('v1/posts', {
    query: { sort: 'published', limit: 1 },
  });
  const at = newest.items[0]?.publishedAt;
  const end = Date.parse(nextDay((at ?? new Date().toISOString()).slice(0, 10)));
  return {
    since: new Date(end - WINDOW_DAYS * DAY).toISOString().slice(0, 10),
    until: new Date(end).toISOString().slice(0, 10),
  };
}

function ShareOfVoice(props: { summaries: BrandSummary[] }) {
  const { t, f, brands } = useShared();
  const mentions = props.summaries.reduce((a, s) => a + s.mentions, 0);
  const complaints = props.summaries.reduce((a, s) => a + s.complaints, 0);
  const rows = [...props.summaries].sort((a, b) => b.mentions - a.mentions);
  const bar = (value: (s: BrandSummary) => number, total: number, label: string) => (
    <>
      <p class="muted small stack-label">{label}</p>
      <div class="stack" role="img" aria-label={label}>
        {rows
          .filter((s) => value(s) > 0)
          .map((s, i) => (
            <span
              key={s.brand}
              class={`seg c${i % 8}`}
              style={{ width: `${(100 * value(s)) / total}%` }}
              title={`${brandName(brands, s.brand)} ${f.pct(value(s) / total)}`}
            >
              {value(s) / total >= 0.08 ? brandName(brands, s.brand) : ''}
            </span>
          ))}
      </div>
    </>
  );
  return (
    <section class="share" aria-labelledby="sov">
      <h2 id="sov">{t.shareOfVoice}</h2>
      {mentions > 0 && bar((s) => s.mentions, mentions, `${t.shareOfVoice} (${t.mentions})`)}
      {complaints > 0 && bar((s) => s.complaints, complaints, t.shareOfComplaints)}
      <table class="share-table">
        <thead>
          <tr>
            <th scope="col">{t.brand}</th>
            <th scope="col">{t.mentions}</th>
            <th scope="col">{t.shareOfVoice}</th>
            <th scope="col">{t.complaints}</th>
            <th scope="col">{t.shareOfComplaints}</th>
            <th scope="col">{t.negativeShare}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s, i) => (
            <tr key={s.brand} data-brand={s.brand}>
              <th scope="row">
                <span class={`dot c${i % 8}`} /> {brandName(brands, s.brand)}
              </th>
              <td>{f.num(s.mentions)}</td>
              <td>{mentions ? f.pct(s.mentions / mentions) : t.none}</td>
              <td>{f.num(s.complaints)}</td>
              <td>{complaints ? f.pct(s.complaints / complaints) : t.none}</td>
              <td>{s.negativeShare === null ? t.none : f.pct(s.negativeShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function AlertList(props: { alerts: Alert[] }) {
  const { t, f, brands } = useShared();
  return (
    <section class="alert-list" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t.alerts}</h2>
      {props.alerts.length === 0 && <p class="muted">{t.noAlerts}</p>}
      <ul>
        {props.alerts.map((a) => (
          <li key={a.id} class="alert" data-brand={a.brand}>
            <p>
              <strong>⚠</strong>{' '}
              {t.alertLine(
                brandName(brands, a.brand),
                a.count,
                f.precise(a.baseline),
                f.at(a.windowStart),
                f.at(a.windowEnd),
              )}
            </p>
            <ul>
              {a.posts.slice(0, 5).map((p) => (
                <li key={p.id}>
                  <a href={`#/post/${p.id}`}>{p.title ?? p.id}</a>{' '}
                  <span class="muted">
                    {p.source} · {t.severity} {Math.round(p.severity)}
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TrendsView(props: { query: URLSearchParams; alerts: Alert[] }) {
  const { t, f, brands, lang, navigate } = useShared();
  const [range, setRange] = useState<Range | null>(null);
  const [trends, setTrends] = useState<Trend[]>([]);
  const [summaries, setSummaries] = useState<BrandSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const since = props.query.get('since');
  const until = props.query.get('until');

  useEffect(() => {
    let current = true;
    const chosen = since && until ? Promise.resolve({ since, until: nextDay(until) }) : null;
    (chosen ?? defaultRange()).then(
      (w) => current && setRange(w),
      (err) => current && setError(err instanceof ApiError ? err.detail : String(err)),
    );
    return () => {
      current = false;
    };
  }, [since, until]);

  useEffect(() => {
    if (!range || brands.length === 0) return;
    let current = true;
    Promise.all([
      Promise.all(
        brands.map((b) =>
          api<Trend>(`v1/brands/${b.id}/trend`, { query: { interval: 'day', ...range } }),
        ),
      ),
      Promise.all(
        brands.map((b) => api<BrandSummary>(`v1/brands/${b.id}/summary`, { query: { ...range } })),
      ),
    ]).then(
      ([tr, su]) => {
        if (!current) return;
        setTrends(tr);
        setSummaries(su);
      },
      (err) => current && setError(err instanceof ApiError ? err.detail : String(err)),
    );
    return () => {
      current = false;
    };
  }, [range, brands]);

  // One object per language: the charts are redrawn when it changes, not at every render.
  const labels = useMemo(
    () => ({
      complaints: t.complaints,
      negative: t.negativeMentions,
      mentions: t.mentions,
      spike: t.spike,
      alert: t.alertMarker,
      day: (iso: string) => f.day(iso),
      tick: (iso: string) => f.short(iso),
    }),
    [lang],
  );
  const setDates = (name: 'since' | 'until', value: string) => {
    const q = new URLSearchParams(props.query);
    if (value) q.set(name, value);
    else q.delete(name);
    const s = q.toString();
    navigate(s ? `#/trends?${s}` : '#/trends', true);
  };
  // A brand's chart first when it has an alert, then by complaints over the range.
  const ordered = [...trends].sort((a, b) => {
    const alerted = (x: Trend) => props.alerts.some((al) => al.brand === x.brand);
    const sum = (x: Trend) => x.buckets.reduce((s, k) => s + k.complaints, 0);
    return Number(alerted(b)) - Number(alerted(a)) || sum(b) - sum(a);
  });
  const shownUntil = range ? new Date(Date.parse(range.until) - DAY).toISOString() : null;
  return (
    <div class="trends-view">
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <DateField
          label={t.since}
          name="since"
          value={since ?? ''}
          onChange={(v) => setDates('since', v)}
        />
        <DateField
          label={t.until}
          name="until"
          value={until ?? ''}
          onChange={(v) => setDates('until', v)}
        />
      </form>
      {error && <p class="error">{t.error(error)}</p>}
      <AlertList alerts={props.alerts} />
      <ShareOfVoice summaries={summaries} />
      <section aria-labelledby="trends-title">
        <h2 id="trends-title">{t.trends}</h2>
        {range && shownUntil && (
          <p class="muted">{t.trendWindow(f.day(range.since), f.day(shownUntil))}</p>
        )}
        <div class="charts">
          {ordered.map((tr) => (
            <figure key={tr.brand} class="trend" data-brand={tr.brand}>
              <figcaption>
                {brandName(brands, tr.brand)}{' '}
                {tr.buckets.some((b) => b.spike) && <span class="badge spike">{t.spike}</span>}
              </figcaption>
              <TrendChart
                buckets={tr.buckets}
                alerts={props.alerts.filter((a) => a.brand === tr.brand)}
                labels={labels}
              />
            </figure>
          ))}
        </div>
      </section>
    </div>
  );
}
