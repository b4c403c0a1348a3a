// The dashboard's shell: header (views, language, key), and the view the URL names. Who the
// user is comes from GET /v1/me: without a key on a loopback server the API reads anyway;
// where it needs one (a 401), the key form asks for it.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, storedKey, storeKey } from './api.ts';
import { type Shared, SharedContext, useShared } from './context.ts';
import { formats, initialLang, type Lang, MESSAGES, saveLang } from './i18n.ts';
import { PostView } from './post.tsx';
import { PostsView } from './posts.tsx';
import { navigate, useRoute } from './route.ts';
import { SourcesView } from './sources.tsx';
import { TrendsView } from './trends.tsx';
import type { Alert, Brand, Me, Page, Source } from './types.ts';

const ALERTS_EVERY_MS = 60_000;

function KeyBox(props: { needed: boolean; onKey: () => void; refused: string | null }) {
  const { t, me } = useShared();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const role = me?.key
    ? { reader: t.roleReader, editor: t.roleEditor, admin: t.roleAdmin }[me.key.role]
    : null;
  const status = me?.key
    ? t.keyStatus(role!, `${me.key.prefix}…${me.key.name ? ` (${me.key.name})` : ''}`)
    : t.anonymous;
  const show = open || props.needed;
  return (
    <div class="keybox">
      <button
        type="button"
        class="link key-status"
        aria-expanded={show}
        onClick={() => setOpen(!open)}
      >
        {status}
        {me && !me.may.edit && <span class="badge readonly-badge">{t.readOnly}</span>}
        {me?.key?.brands && <span class="muted"> · {t.brandsOf(me.key.brands.join(', '))}</span>}
      </button>
      {show && (
        <form
          class="key-form"
          onSubmit={(e) => {
            e.preventDefault();
            storeKey(value.trim() || null);
            setValue('');
            setOpen(false);
            props.onKey();
          }}
        >
          {props.needed && <p class="error">{t.keyRequired}</p>}
          {props.refused && <p class="error">{t.keyInvalid(props.refused)}</p>}
          <label>
            {t.keyLabel}
            <input
              type="password"
              name="apiKey"
              autoComplete="off"
              spellcheck={false}
              placeholder={t.keyPlaceholder}
              value={value}
              onInput={(e) => setValue(e.currentTarget.value)}
            />
          </label>
          <button type="submit" class="primary">
            {t.keySave}
          </button>
          {storedKey() && (
            <button
              type="button"
              onClick={() => {
                storeKey(null);
                setOpen(false);
                props.onKey();
              }}
            >
              {t.keyForget}
            </button>
          )}
          <p class="muted small">{t.keyWhy}</p>
        </form>
      )}
    </div>
  );
}

export function App() {
  const route = useRoute();
  const [lang, setLang] = useState<Lang>(initialLang);
  const [me, setMe] = useState<Me | null>(null);
  const [auth, setAuth] = useState<{ needed: boolean; refused: string | null }>({
    needed: false,
    refused: null,
  });
  const [brands, setBrands] = useState<Brand[]>([]);
  const [sources, setSources] = useState<Source[]>([]);
  const [sourcesError, setSourcesError] = useState<string | null>(null);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [version, setVersion] = useState(0);
  const [keyEpoch, setKeyEpoch] = useState(0);
  const [listHash, setListHash] = useState('#/');

  useEffect(() => saveLang(lang), [lang]);

  // Who the key is, then what it may see; again whenever the key changes.
  useEffect(() => {
    api<Me>('v1/me').then(
      (m) => {
        setMe(m);
        setAuth({ needed: false, refused: null });
        api<Page<Brand>>('v1/brands').then((p) => setBrands(p.items));
        api<Page<Source>>('v1/sources').then(
          (p) => setSources(p.items),
          (err) => setSourcesError(err instanceof ApiError ? err.detail : String(err)),
        );
      },
      (err) => {
        setMe(null);
        const detail = err instanceof ApiError ? err.detail : String(err);
        setAuth({ needed: true, refused: storedKey() ? detail : null });
      },
    );
  }, [keyEpoch]);

  // Spike alerts are checked after every crawl: read them again every minute, so that a spike
  // shows without a reload. Failures are left to the next round (the list shows API errors).
  useEffect(() => {
    if (!me) return;
    const read = () =>
      api<Page<Alert>>('v1/alerts', { query: { limit: 50 } }).then(
        (p) => setAlerts(p.items),
        () => {},
      );
    read();
    const timer = setInterval(read, ALERTS_EVERY_MS);
    return () => clearInterval(timer);
  }, [me]);

  const inList = route.path === '/';
  useEffect(() => {
    if (inList) setListHash(route.hash);
  }, [inList, route.hash]);

  const wrote = useCallback(() => setVersion((v) => v + 1), []);
  const shared: Shared = useMemo(
    () => ({
      lang,
      t: MESSAGES[lang],
      f: formats(lang),
      me,
      brands,
      version,
      wrote,
      navigate,
    }),
    [lang, me, brands, version, wrote],
  );
  const t = shared.t;
  const postId = /^\/post\/([0-9a-f]{16})$/.exec(route.path)?.[1];
  const ready = me !== null;
  const tab = (hash: string, label: string, on: boolean) => (
    <a href={hash} aria-current={on ? 'page' : undefined}>
      {label}
    </a>
  );

  return (
    <SharedContext.Provider value={shared}>
      <header class="top">
        <div class="brand-line">
          <a class="logo" href="#/">
            {t.title}
          </a>
          <span class="muted tagline">{t.tagline}</span>
        </div>
        <nav aria-label="grogne">
          {tab(listHash, t.navPosts, inList || postId !== undefined)}
          {tab('#/trends', t.navTrends, route.path === '/trends')}
          {tab('#/sources', t.navSources, route.path === '/sources')}
        </nav>
        <fieldset class="lang">
          <legend class="sr-only">{t.language}</legend>
          {(['fr', 'en'] as const).map((l) => (
            <button
              type="button"
              key={l}
              class="link"
              aria-pressed={lang === l}
              lang={l}
              onClick={() => setLang(l)}
            >
              {l.toUpperCase()}
            </button>
          ))}
        </fieldset>
        <KeyBox
          needed={auth.needed}
          refused={auth.refused}
          onKey={() => setKeyEpoch((n) => n + 1)}
        />
      </header>
      <main>
        {ready && (
          <PostsView
            key={keyEpoch}
            query={inList ? route.query : new URLSearchParams(listHash.split('?')[1] ?? '')}
            active={inList}
            sources={sources}
            alerts={alerts}
          />
        )}
        {ready && postId && <PostView key={`${postId}-${keyEpoch}`} id={postId} back={listHash} />}
        {ready && route.path === '/trends' && (
          <TrendsView key={keyEpoch} query={route.query} alerts={alerts} />
        )}
        {ready && route.path === '/sources' && (
          <SourcesView sources={sources} error={sourcesError} />
        )}
      </main>
    </SharedContext.Provider>
  );
}
