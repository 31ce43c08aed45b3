// The web server: serves the React Router app (SSR) and proxies /api/* to the API, so that the
// browser sees a single origin. `node server.mjs` serves the production build; `--dev` runs Vite.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createRequestHandler } from '@react-router/express';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { z } from 'zod';

const dev = process.argv.includes('--dev');

// Configuration, validated once: a readable list of every problem, then exit.
const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** One API address, or several separated by commas (requests are spread over them). */
  API_URL: z
    .string()
    .default('http://127.0.0.1:3001')
    .transform((value) =>
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url()).min(1)),
  PUBLIC_URL: z.url().optional(),
  /**
   * The reverse proxies in front of this server whose X-Forwarded-For may be believed
   * (addresses, CIDRs or `loopback`, comma-separated). Empty: none, the peer address is the
   * client's. Setting it when nothing sits in front would let anyone choose their address.
   */
  TRUST_PROXY: z.string().default(''),
});
const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
  console.error(`Web server not started. Invalid configuration:\n${problems.join('\n')}`);
  process.exit(78);
}
const { PORT: port, HOST: host, API_URL: apiUrls, PUBLIC_URL: configuredPublicUrl, TRUST_PROXY: trustProxy } = parsed.data;
const publicUrl = (configuredPublicUrl ?? `http://localhost:${port}`).replace(/\/$/, '');

/**
 * The API processes, taken in turn. One that refused a connection is skipped for a few seconds
 * (the others take its share) and tried again after.
 */
const apis = apiUrls.map((url) => ({ url, downUntil: 0 }));
let turn = 0;
function nextApi() {
  const now = Date.now();
  for (let i = 0; i < apis.length; i++) {
    const api = apis[(turn + i) % apis.length];
    if (api.downUntil <= now) {
      turn = (turn + i + 1) % apis.length;
      return api.url;
    }
  }
  turn = (turn + 1) % apis.length;
  return apis[turn].url;
}
function markDown(url) {
  const api = apis.find((a) => a.url === url);
  if (api) api.downUntil = Date.now() + 3000;
}

const app = express();
app.disable('x-powered-by');
// Only the configured proxies' X-Forwarded-For is believed; without any, the peer is the client.
app.set('trust proxy', trustProxy ? trustProxy.split(',').map((s) => s.trim()) : false);

// Connections to the API are kept open and reused (not one TCP connection per request).
const apiAgent = new http.Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 });

// The API has its own headers; the proxy passes the client's address on (X-Forwarded-For).
// Embeds (/embed/…, /embed.js) are rendered and cached by the API too (ADR 012): they must not get
// this server's headers, which forbid framing.
app.use(
  createProxyMiddleware({
    pathFilter: (path) => path.startsWith('/api/') || path === '/api' || path === '/embed.js' || path.startsWith('/embed/'),
    target: apiUrls[0],
    router: (req) => {
      req.malleApi = nextApi();
      return req.malleApi;
    },
    agent: apiAgent,
    // Not xfwd: appending to a client-sent X-Forwarded-For would let anyone pick the address the
    // API rate-limits on. The header is replaced with the one address this server determined:
    // the peer's, or what a trusted proxy in front said (see trust proxy).
    xfwd: false,
    changeOrigin: false,
    // Long enough for a 50 MB upload on a slow connection (the API answers once the file is verified).
    proxyTimeout: 600_000,
    on: {
      proxyReq: (proxyReq, req) => {
        proxyReq.setHeader('x-forwarded-for', req.ip ?? req.socket.remoteAddress ?? '');
        proxyReq.setHeader('x-forwarded-proto', req.protocol);
      },
      error: (error, req, res) => {
        if (['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH'].includes(error.code) && req.malleApi) markDown(req.malleApi);
        if ('writeHead' in res && !res.headersSent) {
          res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
          res.end(
            JSON.stringify({
              error: { code: 'service_unavailable', message: 'Le service est momentanément indisponible.' },
              requestId: '',
            }),
          );
        }
      },
    },
  }),
);

app.use(compression());

// A fresh nonce per page for React Router's inline scripts; everything else must come from here.
app.use((_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: dev ? ["'self'", "'unsafe-inline'"] : ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        styleSrc: dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: dev ? ["'self'", 'ws:'] : ["'self'"],
        // Video blocks embed YouTube (nocookie), Vimeo, Dailymotion and any PeerTube instance. Which
        // iframes exist is decided by the API's sanitizer (exact embed URLs only, sandboxed).
        // 'self': the PDF preview of attachments (served by the API through /api).
        frameSrc: [
          "'self'",
          'https://www.youtube-nocookie.com',
          'https://player.vimeo.com',
          'https://www.dailymotion.com',
          'https:',
        ],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: publicUrl.startsWith('https://') ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
  }),
);

let build;
if (dev) {
  const vite = await import('vite');
  const viteServer = await vite.createServer({ server: { middlewareMode: true } });
  app.use(viteServer.middlewares);
  build = () => viteServer.ssrLoadModule('virtual:react-router/server-build');
} else {
  // Fingerprinted assets never change; everything else is revalidated.
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
  app.use(express.static('build/client', { maxAge: '1h' }));
  build = await import('./build/server/index.js');
}

app.all(
  '/{*splat}',
  createRequestHandler({
    build,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, apiUrl: nextApi(), publicUrl, clientIp: req.ip ?? '' }),
  }),
);

const server = app.listen(port, host, () => {
  console.log(`Web app listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});
server.on('error', (error) => {
  if (error.code === 'EADDRINUSE')
    console.error(`Port ${port} is already in use: stop the program using it or set WEB_PORT (PORT).`);
  else console.error(error);
  process.exit(1);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
