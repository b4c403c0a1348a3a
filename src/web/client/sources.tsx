// The sources (GET /v1/sources) and their health: paused or failing sources stand out, with
// their last error, so that a silent feed is not mistaken for a quiet one.
import { useShared } from './context.ts';
import type { Source } from './types.ts';

type Health = 'ok' | 'errors' | 'paused' | 'disabled' | 'never';

export function healthOf(s: Source): Health {
  if (!s.enabled) return 'disabled';
  if (s.state === 'paused') return 'paused';
  if (s.consecutiveErrors > 0) return 'errors';
  if (!s.lastFetchAt) return 'never';
  return 'ok';
}

export function SourcesView(props: { sources: Source[]; error: string | null }) {
  const { t, f } = useShared();
  const label = (s: Source) =>
    ({
      ok: t.healthOk,
      errors: t.healthErrors(s.consecutiveErrors),
      paused: t.healthPaused,
      disabled: t.healthDisabled,
      never: t.healthNever,
    })[healthOf(s)];
  const at = (iso: string | null) => (iso ? f.at(iso) : t.none);
  return (
    <section class="sources-view" aria-labelledby="sources-title">
      <h2 id="sources-title">{t.sources}</h2>
      {props.error && <p class="error">{t.error(props.error)}</p>}
      <div class="table-scroll">
        <table class="sources">
          <thead>
            <tr>
              <th scope="col">{t.source}</th>
              <th scope="col">{t.health}</th>
              <th scope="col">{t.kind}</th>
              <th scope="col">{t.posts}</th>
              <th scope="col">{t.lastFetch}</th>
              <th scope="col">{t.lastOk}</th>
              <th scope="col">{t.nextCheck}</th>
              <th scope="col">{t.lastError}</th>
            </tr>
          </thead>
          <tbody>
            {props.sources.map((s) => (
              <tr key={s.id} data-source={s.id}>
                <th scope="row">
                  {s.name ?? s.id}
                  {s.url && <div class="muted small">{s.url}</div>}
                </th>
                <td>
                  <span class={`health h-${healthOf(s)}`}>{label(s)}</span>
                </td>
                <td>{s.kind}</td>
                <td>{f.num(s.posts)}</td>
                <td>{at(s.lastFetchAt)}</td>
                <td>{at(s.lastOkAt)}</td>
                <td>{at(s.nextCheckAt)}</td>
                <td class="small">{s.lastError ?? t.none}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
