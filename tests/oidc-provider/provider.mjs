// A real, certified OpenID Connect provider (npm oidc-provider) on loopback, for TrustPortal's single sign-on tests.
//
//   node provider.mjs --port 5601 --client-id portal --client-secret s3cret --redirect-uri https://localhost/signin-microsoft
//
// The login page is a form a test (or Playwright) fills in: the e-mail address and the claims the ID token should
// carry (tid, hd, email_verified, xms_edov, amr, acr), and optionally a fault, which this script applies to the ID token
// in the token endpoint's answer, re-signed with the provider's own key unless the fault is the key:
//   audience  — aud is another client;       expired — exp an hour ago;
//   nonce     — a nonce the portal never sent; signature — signed by another key under the same kid;
//   cancel    — no token at all: the provider answers access_denied.
// POST /_test/down makes every other request fail (connection reset) until POST /_test/up: the provider unreachable.
// Prints "listening <issuer>" once it accepts requests.
import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const args = process.argv.slice(2);
const arg = (name) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const all = (name) => args.flatMap((a, i) => (a === `--${name}` ? [args[i + 1]] : []));
const port = Number(arg('port'));
const issuer = `http://127.0.0.1:${port}`;
const clientId = arg('client-id');
const clientSecret = arg('client-secret');
const redirectUris = all('redirect-uri');
if (!port || !clientId || !clientSecret || redirectUris.length === 0) {
  console.error('usage: provider.mjs --port N --client-id ID --client-secret SECRET --redirect-uri URI [--redirect-uri URI ...]');
  process.exit(2);
}

const kid = 'signing-key-1';
const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const { privateKey: rogueKey } = await jose.generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await jose.exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };

/** accountId → { claims, fault }: what the login form said at the person's latest login. */
const accounts = new Map();

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirectUris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  // Code flow: the claims travel in the ID token (the portal does not call userinfo), as Entra and Google do.
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub', 'tid', 'hd', 'amr', 'acr'],
    email: ['email', 'email_verified', 'xms_edov'],
    profile: ['name', 'preferred_username'],
  },
  features: {
    devInteractions: { enabled: false },
    pushedAuthorizationRequests: { enabled: true },
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
  },
  // The test client is first-party: consent is granted without a page.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  ttl: { IdToken: 3600, AccessToken: 3600, AuthorizationCode: 120, Interaction: 600, Session: 600, Grant: 600 },
});
provider.proxy = false;

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const readForm = (req) => new Promise((resolve, reject) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => resolve(new URLSearchParams(body)));
  req.on('error', reject);
});

function loginPage(uid, clientName) {
  const field = (name, label, value = '') =>
    `<p><label for="${name}">${label}</label><br><input id="${name}" name="${name}" value="${escape(value)}"></p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider: sign in</title></head>
<body><main><h1>Test identity provider</h1><p>Signing in to ${escape(clientName)}.</p>
<form method="post" action="/interaction/${uid}/login">
${field('email', 'E-mail address')}
${field('name', 'Name', 'Test Person')}
${field('email_verified', 'email_verified (true, false or empty)', 'true')}
${field('xms_edov', 'xms_edov (true, false or empty)')}
${field('tid', 'tid (Entra tenant id)')}
${field('hd', 'hd (Google Workspace domain)')}
${field('amr', 'amr (space-separated)', 'pwd')}
${field('acr', 'acr')}
${field('fault', 'fault (audience, expired, nonce, signature, cancel or empty)')}
<button type="submit">Sign in</button></form></main></body></html>`;
}

let down = false;

// The token endpoint's answer, with the account's fault applied to its ID token.
function withFault(res) {
  const end = res.end.bind(res);
  res.end = (chunk, ...rest) => {
    try {
      const body = JSON.parse(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      const payload = body.id_token ? jose.decodeJwt(body.id_token) : undefined;
      const fault = payload && accounts.get(payload.sub)?.fault;
      if (fault) {
        return faulty(payload, fault).then((token) => {
          body.id_token = token;
          const text = JSON.stringify(body);
          res.setHeader('content-length', Buffer.byteLength(text));
          end(text);
        });
      }
    } catch { /* not JSON: pass it on unchanged */ }
    return end(chunk, ...rest);
  };
}

async function faulty(payload, fault) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { ...payload };
  let key = privateKey;
  if (fault === 'audience') claims.aud = 'another-application';
  if (fault === 'expired') { claims.iat = now - 7200; claims.exp = now - 3600; }
  if (fault === 'nonce') claims.nonce = crypto.randomBytes(16).toString('hex');
  if (fault === 'signature') key = rogueKey;
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/_test/down' || url.pathname === '/_test/up') {
      down = url.pathname === '/_test/down';
      res.writeHead(204).end();
      return;
    }
    if (down) {
      req.socket.destroy();
      return;
    }
    const interaction = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (interaction && req.method === 'GET' && !interaction[2]) {
      const details = await provider.interactionDetails(req, res);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, details.params.client_id));
      return;
    }
    if (interaction && req.method === 'POST' && interaction[2]) {
      const form = await readForm(req);
      if (form.get('fault') === 'cancel') {
        // The person pressed "cancel" (or the provider's policy said no): an error answer instead of a code.
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled' }, { mergeWithLastSubmission: false });
        return;
      }
      const bool = (name) => (form.get(name) === 'true' ? true : form.get(name) === 'false' ? false : undefined);
      const text = (name) => form.get(name)?.trim() || undefined;
      // The same person (e-mail address) has the same subject every time, as at a real provider.
      const accountId = crypto.createHash('sha256').update((text('email') ?? crypto.randomUUID()).toLowerCase()).digest('hex').slice(0, 32);
      const claims = Object.fromEntries(Object.entries({
        email: text('email'), preferred_username: text('email'), name: text('name'),
        email_verified: bool('email_verified'), xms_edov: bool('xms_edov'), tid: text('tid'), hd: text('hd'),
      }).filter(([, v]) => v !== undefined));
      accounts.set(accountId, { claims, fault: text('fault') });
      const amr = text('amr')?.split(/\s+/);
      await provider.interactionFinished(req, res, { login: { accountId, amr, acr: text('acr') } }, { mergeWithLastSubmission: false });
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') withFault(res);
    callback(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error));
  }
});
server.listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
