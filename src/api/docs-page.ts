// GET /docs: a self-contained page (no CDN: grogne often runs offline) that fetches
// /openapi.json and lists each operation with its parameters, body schema and answers.

const SCRIPT = `
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const show = (s) => '<pre>' + esc(JSON.stringify(s, null, 2)) + '</pre>';
fetch('openapi.json').then((r) => r.json()).then((spec) => {
  const out = [];
  out.push('<h1>' + esc(spec.info.title) + ' <small>' + esc(spec.info.version) + '</small></h1>');
  out.push('<p>' + esc(spec.info.description || '') + '</p><p><a href="openapi.json">openapi.json</a></p>');
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      out.push('<details><summary><b class="m ' + method + '">' + method.toUpperCase() + '</b> <code>' + esc(path) + '</code> — ' + esc(op.summary) + ' <i>(' + esc(op['x-access']) + ')</i></summary>');
      if (op.description) out.push('<p>' + esc(op.description) + '</p>');
      if (op.parameters.length) {
        out.push('<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>');
        for (const p of op.parameters) out.push('<tr><td><code>' + esc(p.name) + '</code></td><td>' + p.in + '</td><td>' + (p.required ? 'yes' : '') + '</td><td><code>' + esc(JSON.stringify(p.schema)) + '</code>' + (p.description ? '<br>' + esc(p.description) : '') + '</td></tr>');
        out.push('</table>');
      }
      if (op.requestBody) out.push('<p>body (application/json):</p>' + show(op.requestBody.content['application/json'].schema));
      out.push('<ul>' + Object.entries(op.responses).map(([s, r]) => '<li><b>' + s + '</b> ' + esc(r.description) + '</li>').join('') + '</ul></details>');
    }
  }
  document.getElementById('app').innerHTML = out.join('');
}).catch((e) => { document.getElementById('app').textContent = 'cannot load openapi.json: ' + e; });
`;

export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>grogne API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
details { border: 1px solid #ddd; border-radius: 4px; margin: .4rem 0; padding: .3rem .6rem; }
summary { cursor: pointer; }
.m { display: inline-block; min-width: 4.5em; } .get { color: #06c; } .post { color: #080; }
.patch { color: #a60; } .delete { color: #c00; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { border: 1px solid #eee; padding: .2rem .5rem; text-align: left; vertical-align: top; }
pre { background: #f6f6f6; padding: .5rem; overflow: auto; }
</style></head>
<body><div id="app">loading openapi.json…</div>
<script>${SCRIPT}</script></body></html>
`;
