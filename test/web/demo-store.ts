// The demo as a newcomer gets it (the bundled corpus crawled into a fresh database), plus a
// spike of complaints about SFR in the last full hour, found by the real alert check: what
// the dashboard's browser tests load.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectSpikes } from '../../src/alerts/check.ts';
import { hourIndexOf, hourStart } from '../../src/alerts/rule.ts';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import { putSource } from '../../src/store/admin.ts';
import type { AlertRow } from '../../src/store/alerts.ts';
import { type Db, openStore } from '../../src/store/open.ts';
import { savePosts } from '../../src/store/write.ts';
import { ROOT } from '../helpers/cli.ts';
import { memoryIo } from '../helpers/io.ts';
import { item, mention } from '../store/make.ts';

const SPIKE_TEXTS = [
  'SFR en panne depuis ce matin, plus de réseau mobile à Lyon.',
  "Toujours aucun réseau SFR, impossible d'appeler mon médecin.",
  'Panne SFR : ni appels ni données depuis deux heures, scandaleux.',
  'Le réseau SFR est tombé, la hotline ne répond pas.',
  'SFR, rendez-nous le réseau ! Aucune information sur la panne.',
  'Encore une panne SFR, je vais résilier mon forfait.',
  "Plus de 4G ni d'appels chez SFR, c'est inadmissible.",
  'Panne générale SFR dans le Rhône, service client injoignable.',
];

export interface DemoStore {
  db: Db;
  config: string;
  alert: AlertRow;
}

/** Crawls the demo into a temporary database and adds a spike that the alert rule finds. */
export async function demoStore(now: Date): Promise<DemoStore> {
  const dir = mkdtempSync(join(tmpdir(), 'grogne-dashboard-'));
  const config = JSON.parse(readFileSync(join(ROOT, 'grogne.config.json'), 'utf8'));
  for (const s of config.sources) if (s.file) s.file = join(ROOT, s.file);
  config.database = join(dir, 'grogne.db');
  const path = join(dir, 'grogne.config.json');
  writeFileSync(path, JSON.stringify(config));
  const crawl = memoryIo(dir);
  if ((await main(['crawl', '--config', path], crawl.io)) !== 0) {
    throw new Error(`the demo crawl failed: ${crawl.stderr()}`);
  }
  const db = openStore(config.database);
  // A forum watched for two months (older than the alert rule's warm-up), whose thread fills
  // with SFR outage complaints within the last full hour.
  const day = 86_400_000;
  putSource(
    db,
    {
      id: 'forum-panne',
      kind: 'forum',
      url: 'https://forum.example.fr/panne',
      interval: 1800,
      enabled: true,
      name: 'Forum panne',
    },
    new Date(now.getTime() - 60 * day).toISOString(),
  );
  const hour = hourStart(hourIndexOf(now.getTime()) - 1);
  const items = SPIKE_TEXTS.map((text, i) => {
    const at = new Date(Date.parse(hour) + i * 6 * 60_000).toISOString();
    const word = /panne|réseau|inadmissible/i.exec(text)!;
    return item(
      `panne-${i}`,
      {
        sourceId: 'forum-panne',
        title: `Panne SFR (${i + 1})`,
        text,
        publishedAt: at,
        fetchedAt: at,
      },
      {
        categories: ['network'],
        grievances: [],
        // Reasons as the analysis writes them (the post view says them in French).
        evidence: [
          {
            start: word.index,
            end: word.index + word[0].length,
            text: word[0],
            reason: `negative: ${word[0].toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}`,
          },
        ],
        brands: [
          mention('sfr', { spans: [], reasons: ['1 mention', 'named in 1 negative clause'] }),
        ],
      },
    );
  });
  savePosts(db, 'forum-panne', items, () => now);
  const { config: loaded } = loadConfig(path);
  const [alert] = detectSpikes(db, loaded.alerts, now).created;
  if (!alert) throw new Error('the alert check found no spike in the demo store');
  return { db, config: path, alert };
}
