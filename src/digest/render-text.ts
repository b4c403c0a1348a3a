// The digest as plain text (the e-mail's text part) and as a Slack-compatible message
// ({text, blocks}) for webhooks. Same content and order as the HTML.
import { CATALOGUES } from './i18n.ts';
import type { Digest } from './select.ts';

const BAR = '▇';

/**
 * The largest daily count over every brand: all charts of a digest share it, so that a bar
 * of 1 a day is as tall in each brand's chart, and two brands compare at a glance.
 */
export function chartScale(d: Digest): number {
  return Math.max(1, ...d.sections.flatMap((s) => s.daily.map((x) => x.count)));
}

export function renderText(d: Digest): string {
  const t = CATALOGUES[d.language];
  const out: string[] = [
    t.subject(d.name, d.date, d.total),
    t.intro(t.date(d.since, d.timezone), t.date(d.until, d.timezone)),
    '',
  ];
  const max = chartScale(d);
  for (const s of d.sections) {
    out.push(`== ${s.brand.name}${s.spike ? ` [${t.spike}]` : ''} ==`);
    out.push(`${t.complaints(s.windowCount)} · ${t.vsAverage(s.trailingAverage)}`);
    if (s.categories.length > 0) {
      out.push(
        `${t.topCategories} ${s.categories.map((c) => `${t.category(c.category)} (${t.num(c.count)})`).join(', ')}`,
      );
    }
    if (s.daily.length > 0) {
      out.push(t.last14(max));
      for (const x of s.daily) {
        const n = x.count === 0 ? 0 : Math.max(1, Math.round((x.count / max) * 20));
        out.push(`  ${t.dayLabel(x.date).padStart(5)} ${BAR.repeat(n)} ${t.num(x.count)}`);
      }
    }
    out.push('');
    if (s.items.length === 0) out.push(t.noComplaints, '');
    for (const [i, it] of s.items.entries()) {
      const when = it.publishedAt
        ? `${t.published} ${t.date(it.publishedAt, d.timezone)}`
        : `${t.firstSeen} ${t.date(it.fetchedAt, d.timezone)}`;
      out.push(`${i + 1}. ${it.title ?? t.untitled}`);
      out.push(
        `   ${[it.source.name ?? it.source.id, `${t.by} ${it.author ?? t.anonymous}`, when, t.workflow(it.assignee, it.notes)].filter(Boolean).join(' · ')}`,
      );
      out.push(`   « ${it.quote} »`);
      out.push(`   ${t.severity} ${t.num(it.severity)} — ${t.reasons(it.severityReasons)}`);
      out.push(`   ${t.reach} ${t.num(it.reach)} — ${t.reasons(it.reachReasons)}`);
      if (it.url) out.push(`   ${it.url}`);
      if (it.postUrl) out.push(`   ${t.inGrogne} → ${it.postUrl}`);
      out.push('');
    }
    if (s.moreUrl) out.push(`${t.more}: ${s.moreUrl}`, '');
  }
  out.push('--', t.footer);
  return `${out.join('\n')}\n`;
}

/** Slack's mrkdwn treats &, < and > as markup: escape them in anything from a post. */
const slackEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

export function renderSlack(d: Digest): SlackMessage {
  const t = CATALOGUES[d.language];
  const subject = t.subject(d.name, d.date, d.total);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: subject.slice(0, 150) } },
  ];
  for (const s of d.sections) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${slackEscape(s.brand.name)}*${s.spike ? ` :rotating_light: ${t.spike}` : ''}\n${slackEscape(`${t.complaints(s.windowCount)} · ${t.vsAverage(s.trailingAverage)}`)}`,
      },
    });
    for (const [i, it] of s.items.entries()) {
      const title = slackEscape(it.title ?? t.untitled);
      const link = it.url ?? it.postUrl;
      const head = link ? `<${link.replace(/[<>|]/g, encodeURIComponent)}|${title}>` : title;
      const team = t.workflow(it.assignee, it.notes);
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${i + 1}. *${head}*\n> ${slackEscape(it.quote)}\n${slackEscape(`${t.severity} ${t.num(it.severity)} — ${t.reasons(it.severityReasons)}${team ? ` · ${team}` : ''}`)}`,
        },
      });
    }
  }
  // Slack refuses more than 50 blocks; the text fallback still carries the whole digest. It
  // is read as mrkdwn too, so it is escaped: a post quoting "<!channel>" must not ping anyone.
  // The cut keeps under Slack's 40,000 characters without splitting an entity.
  const text = slackEscape(renderText(d))
    .slice(0, 39_000)
    .replace(/&[a-z]{0,3}$/, '');
  return { text, blocks: blocks.slice(0, 50) };
}
