// The dashboard's one HTML page: an empty shell that the script fills. French by default
// (the script switches to English on demand); a message for browsers without JavaScript.
import type { Bundle } from './bundle.ts';

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function dashboardPage(b: Pick<Bundle, 'script' | 'style'>): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>grogne</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/${esc(b.style)}">
<script type="module" src="assets/${esc(b.script)}"></script>
</head>
<body>
<div id="app"><noscript>Le tableau de bord de grogne a besoin de JavaScript ; l'API reste à <a href="docs">/docs</a>. (The grogne dashboard needs JavaScript; the API is at /docs.)</noscript></div>
</body>
</html>
`;
}
