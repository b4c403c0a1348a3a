// The digest as an e-mail: HTML that reads on a phone (one column, at most 600px, tables and
// inline CSS because mail clients drop <style> and flexbox) and a plain-text part. Every string
// that comes from a post or a config is escaped: a post titled <script>… arrives as text.
import { CATALOGUES, type Catalogue } from './i18n.ts';
import { chartScale, renderText } from './render-text.ts';
import type { BrandSection, Digest, DigestItem } from './select.ts';

export interface Rendered {
  subject: string;
  html: string;
  text: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Only http(s) links are rendered as links: a javascript: URL in a feed stays text. */
export function safeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

const C = {
  ink: '#1d1d1f',
  muted: '#6e6e73',
  line: '#e5e5ea',
  accent: '#c0392b',
  bar: '#c0392b',
  barEmpty: '#f2f2f7',
  bg: '#f5f5f7',
};
const FONT = 'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;';

export function renderDigest(d: Digest): Rendered {
  const t = CATALOGUES[d.language];
  const subject = t.subject(d.name, d.date, d.total);
  return { subject, html: renderHtml(d, t, subject), text: renderText(d) };
}

function renderHtml(d: Digest, t: Catalogue, subject: string): string {
  const intro = t.intro(t.date(d.since, d.timezone), t.date(d.until, d.timezone));
  const scale = chartScale(d);
  const body = d.sections.map((s) => section(s, d, t, scale)).join('\n');
  return `<!doctype html>
<html lang="${d.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background:${C.bg};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${C.bg};">
<tr><td align="center" style="padding:12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;${FONT}color:${C.ink};">
<tr><td style="padding:20px 20px 8px 20px;">
<h1 style="margin:0;font-size:20px;line-height:1.3;">${escapeHtml(subject)}</h1>
<p style="margin:8px 0 0 0;font-size:14px;color:${C.muted};">${escapeHtml(intro)}</p>
</td></tr>
${body}
<tr><td style="padding:16px 20px 20px 20px;font-size:12px;color:${C.muted};border-top:1px solid ${C.line};">${escapeHtml(t.footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function section(s: BrandSection, d: Digest, t: Catalogue, scale: number): string {
  const spike = s.spike
    ? ` <span style="display:inline-block;padding:2px 6px;border-radius:4px;background:${C.accent};color:#ffffff;font-size:12px;font-weight:bold;">${escapeHtml(t.spike)}</span>`
    : '';
  const stats = `${t.complaints(s.windowCount)} · ${t.vsAverage(s.trailingAverage)}`;
  const cats =
    s.categories.length > 0
      ? `<p style="margin:4px 0 0 0;font-size:13px;color:${C.muted};">${escapeHtml(t.topCategories)} ${s.categories.map((c) => `${escapeHtml(t.category(c.category))} (${t.num(c.count)})`).join(', ')}</p>`
      : '';
  const items =
    s.items.length > 0
      ? s.items.map((it, i) => item(it, i + 1, d, t)).join('\n')
      : `<tr><td style="padding:8px 20px;font-size:14px;color:${C.muted};">${escapeHtml(t.noComplaints)}</td></tr>`;
  const more = safeHref(s.moreUrl);
  return `<tr><td style="padding:16px 20px 4px 20px;border-top:1px solid ${C.line};">
<h2 style="margin:0;font-size:18px;">${escapeHtml(s.brand.name)}${spike}</h2>
<p style="margin:4px 0 0 0;font-size:14px;">${escapeHtml(stats)}</p>
${cats}
${chart(s.daily, t, scale)}
</td></tr>
${items}
${more ? `<tr><td style="padding:4px 20px 12px 20px;font-size:14px;"><a href="${escapeHtml(more)}" style="color:${C.accent};">${escapeHtml(t.more)} →</a></td></tr>` : ''}`;
}

function item(it: DigestItem, n: number, d: Digest, t: Catalogue): string {
  const href = safeHref(it.url);
  const title = escapeHtml(it.title ?? t.untitled);
  const heading = href
    ? `<a href="${escapeHtml(href)}" style="color:${C.ink};text-decoration:underline;">${title}</a>`
    : title;
  const when = it.publishedAt
    ? `${t.published} ${t.date(it.publishedAt, d.timezone)}`
    : `${t.firstSeen} ${t.date(it.fetchedAt, d.timezone)}`;
  const meta = [
    it.source.name ?? it.source.id,
    `${t.by} ${it.author ?? t.anonymous}`,
    when,
    it.categories.map(t.category).join(', '),
    t.workflow(it.assignee, it.notes),
  ]
    .filter((x) => x.length > 0)
    .map(escapeHtml)
    .join(' · ');
  const reply = safeHref(it.url);
  const inGrogne = safeHref(it.postUrl);
  const links = [
    reply
      ? `<a href="${escapeHtml(reply)}" style="color:${C.accent};">${escapeHtml(t.open)} →</a>`
      : '',
    inGrogne
      ? `<a href="${escapeHtml(inGrogne)}" style="color:${C.muted};">${escapeHtml(t.inGrogne)} →</a>`
      : '',
  ].filter(Boolean);
  return `<tr><td style="padding:10px 20px;">
<p style="margin:0;font-size:16px;line-height:1.35;font-weight:bold;">${n}. ${heading}</p>
<p style="margin:4px 0 0 0;font-size:12px;color:${C.muted};">${meta}</p>
<blockquote style="margin:8px 0 0 0;padding:4px 0 4px 10px;border-left:3px solid ${C.accent};font-size:14px;line-height:1.4;color:${C.ink};">${escapeHtml(it.quote)}</blockquote>
<p style="margin:6px 0 0 0;font-size:13px;"><strong>${escapeHtml(t.severity)} ${t.num(it.severity)}</strong> — ${escapeHtml(t.reasons(it.severityReasons))}</p>
<p style="margin:2px 0 0 0;font-size:13px;"><strong>${escapeHtml(t.reach)} ${t.num(it.reach)}</strong> — ${escapeHtml(t.reasons(it.reachReasons))}</p>
${links.length > 0 ? `<p style="margin:6px 0 0 0;font-size:14px;">${links.join(' &nbsp;·&nbsp; ')}</p>` : ''}
</td></tr>`;
}

const CHART_PX = 48;

/** Vertical bars made of table cells with bgcolor and height: no image, works in Outlook too. */
function chart(days: { date: string; count: number }[], t: Catalogue, max: number): string {
  if (days.length === 0) return '';
  const bars = days
    .map((x) => {
      const h = x.count === 0 ? 1 : Math.max(3, Math.round((x.count / max) * CHART_PX));
      const color = x.count === 0 ? C.barEmpty : C.bar;
      return `<td valign="bottom" align="center" style="padding:0 1px;" title="${escapeHtml(`${x.date}: ${t.num(x.count)}`)}"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td height="${h}" bgcolor="${color}" style="height:${h}px;background:${color};font-size:0;line-height:0;">&nbsp;</td></tr></table></td>`;
    })
    .join('');
  const labels = days
    .map(
      (x, i) =>
        `<td align="center" style="font-size:9px;color:${C.muted};padding-top:2px;">${i % 2 === days.length % 2 ? '' : escapeHtml(t.dayLabel(x.date))}</td>`,
    )
    .join('');
  const counts = days
    .map(
      (x) =>
        `<td align="center" style="font-size:10px;color:${C.muted};padding-bottom:2px;">${t.num(x.count)}</td>`,
    )
    .join('');
  return `<p style="margin:12px 0 4px 0;font-size:12px;color:${C.muted};">${escapeHtml(t.last14(max))}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="table-layout:fixed;">
<tr>${counts}</tr>
<tr style="height:${CHART_PX}px;">${bars}</tr>
<tr>${labels}</tr>
</table>`;
}
