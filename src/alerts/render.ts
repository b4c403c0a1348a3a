// An alert in words, for each channel: an e-mail (subject, HTML, text), a Slack-compatible
// message ({text, blocks}) and a Microsoft Teams message carrying an Adaptive Card (what both
// Teams incoming webhooks and Workflows accept). Every string from a post is escaped for the
// channel that shows it.
import { escapeHtml, safeHref } from '../digest/render.ts';
import type { AlertPost, AlertRow } from '../store/alerts.ts';

export interface AlertView {
  alert: AlertRow;
  brandName: string;
  posts: AlertPost[];
  language: 'fr' | 'en';
  timezone: string;
  apiBaseUrl?: string;
}

const POSTS_SHOWN = 10;

function fmtTime(iso: string, tz: string, lang: 'fr' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: tz,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

const round1 = (x: number) => Math.round(x * 10) / 10;

interface Line {
  title: string;
  link: string | null;
  meta: string;
}

function words(v: AlertView) {
  const a = v.alert;
  const hours = Math.round((Date.parse(a.windowEnd) - Date.parse(a.windowStart)) / 3_600_000);
  const from = fmtTime(a.windowStart, v.timezone, v.language);
  const base = round1(a.baseline);
  const p = a.pValue.toExponential(1);
  const fr = v.language === 'fr';
  // A search's watch names its search: « pannes » in French, "pannes" in English.
  const watch = a.search === null ? '' : fr ? ` « ${a.search} »` : ` "${a.search}"`;
  const subject = fr
    ? `grogne : pic de réclamations ${v.brandName}${watch} — ${a.count} en ${hours} h (attendu ${base})`
    : `grogne: complaint spike for ${v.brandName}${watch} — ${a.count} in ${hours} h (expected ${base})`;
  const summary = fr
    ? `${a.count} réclamations contre ${v.brandName}${a.search === null ? '' : ` que la recherche${watch} trouve`} depuis ${from}, pour ${base} attendues d'après les semaines précédentes à la même heure (p = ${p}).`
    : `${a.count} complaints against ${v.brandName}${a.search === null ? '' : ` found by the search${watch}`} since ${from}, against ${base} expected from previous weeks at the same hour (p = ${p}).`;
  const postsTitle = fr ? 'Les réclamations' : 'The complaints';
  const untitled = fr ? '(sans titre)' : '(untitled)';
  const more =
    a.postIds.length > POSTS_SHOWN
      ? fr
        ? `… et ${a.postIds.length - POSTS_SHOWN} autres`
        : `… and ${a.postIds.length - POSTS_SHOWN} more`
      : null;
  const apiLink = (id: string) =>
    v.apiBaseUrl ? `${v.apiBaseUrl.replace(/\/+$/, '')}/v1/posts/${encodeURIComponent(id)}` : null;
  const lines: Line[] = v.posts.slice(0, POSTS_SHOWN).map((p) => ({
    title: p.title ?? untitled,
    link: safeHref(p.url) ?? safeHref(apiLink(p.id)),
    meta: `${p.source} · ${fr ? 'gravité' : 'severity'} ${Math.round(p.severity)}`,
  }));
  const listLink = v.apiBaseUrl
    ? `${v.apiBaseUrl.replace(/\/+$/, '')}/v1/alerts?brand=${encodeURIComponent(a.brand)}`
    : null;
  return { subject, summary, postsTitle, lines, more, listLink };
}

export function renderAlertMail(v: AlertView): { subject: string; html: string; text: string } {
  const w = words(v);
  const text = [
    w.summary,
    '',
    `${w.postsTitle} :`,
    ...w.lines.flatMap((l, i) => [
      `${i + 1}. ${l.title}`,
      `   ${l.meta}`,
      ...(l.link ? [`   ${l.link}`] : []),
    ]),
    ...(w.more ? [w.more] : []),
    ...(w.listLink ? ['', w.listLink] : []),
  ].join('\n');
  const items = w.lines
    .map((l) => {
      const title = escapeHtml(l.title);
      const head = l.link ? `<a href="${escapeHtml(l.link)}">${title}</a>` : title;
      return `<li><strong>${head}</strong><br><small>${escapeHtml(l.meta)}</small></li>`;
    })
    .join('\n');
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;max-width:600px;">
<h2 style="color:#b3261e;">${escapeHtml(w.subject)}</h2>
<p>${escapeHtml(w.summary)}</p>
<ol>
${items}
</ol>
${w.more ? `<p>${escapeHtml(w.more)}</p>` : ''}
</body></html>`;
  return { subject: w.subject, html, text: `${text}\n` };
}

/** Slack's mrkdwn treats &, < and > as markup: escape them in anything from a post. */
const slackEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderAlertSlack(v: AlertView): { text: string; blocks: unknown[] } {
  const w = words(v);
  const list = w.lines
    .map((l, i) => {
      const title = slackEscape(l.title);
      const head = l.link ? `<${l.link.replace(/[<>|]/g, encodeURIComponent)}|${title}>` : title;
      return `${i + 1}. *${head}* — ${slackEscape(l.meta)}`;
    })
    .join('\n');
  return {
    text: slackEscape(`${w.subject}\n${w.summary}`),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: w.subject.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: slackEscape(w.summary) } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${list}${w.more ? `\n${slackEscape(w.more)}` : ''}`.slice(0, 3000) || '—',
        },
      },
    ],
  };
}

// Adaptive Card TextBlocks read a subset of Markdown: brackets, asterisks, underscores and
// the like in a post's title must stay text.
const cardEscape = (s: string) => s.replace(/([\\[\]()*_`#>~-])/g, '\\$1');

export function renderAlertTeams(v: AlertView): unknown {
  const w = words(v);
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: cardEscape(w.subject),
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
      color: 'Attention',
    },
    { type: 'TextBlock', text: cardEscape(w.summary), wrap: true },
    ...w.lines.map((l, i) => ({
      type: 'TextBlock',
      wrap: true,
      text: `${i + 1}. ${l.link ? `[${cardEscape(l.title)}](${l.link.replace(/[()\s]/g, encodeURIComponent)})` : cardEscape(l.title)} — ${cardEscape(l.meta)}`,
    })),
  ];
  if (w.more)
    body.push({ type: 'TextBlock', text: cardEscape(w.more), wrap: true, isSubtle: true });
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
  };
  if (w.listLink) card.actions = [{ type: 'Action.OpenUrl', title: 'grogne', url: w.listLink }];
  return {
    type: 'message',
    summary: w.subject,
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
    ],
  };
}
