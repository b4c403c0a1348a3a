// The Content-Security-Policy of the pages grogne serves (the dashboard at /, the API
// reference at /docs): everything a page loads comes from this server; scripts only from its
// files (no inline script, no eval), requests only to itself. Styles may be inline (uPlot,
// preact and Swagger UI set them); images may be data: URLs (Swagger UI's SVG icons).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
