// A real OpenID Connect provider on loopback for the browser tests: panva's oidc-provider (npm),
// with its built-in development screens for login and consent. Not a mock of the protocol.
//
//   node oidc/provider.mjs [PORT]
//   env: OIDC_PORT (if no argument), OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI
//
// Prints the issuer URL on standard output once it listens.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? process.env.OIDC_PORT ?? 0);
const clientId = process.env.OIDC_CLIENT_ID ?? 'mamori';
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? 'mamori-test-secret';
const redirectUri = process.env.OIDC_REDIRECT_URI;
if (!redirectUri) {
  console.error('OIDC_REDIRECT_URI must name Mamori\'s /api/v1/auth/oidc/callback');
  process.exit(2);
}

// Accounts by the login typed at the development screen: `yamada` is the demo's 職員 `shokuin`.
const accounts = {
  yamada: { sub: 'yamada', preferred_username: 'shokuin', name: '山田 花子', email: 'yamada@example.lg.jp' },
  // A login Mamori does not know.
  stranger: { sub: 'stranger', preferred_username: 'nobody-here', name: 'Stranger' },
};

const server = createServer();
server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // PKCE for every client, confidential ones too (the default asks it of public clients only).
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'] },
    // The claims in the ID token itself, as the identity providers of local governments send them.
    conformIdTokenClaims: false,
    async findAccount(_ctx, id) {
      const claims = accounts[id];
      if (!claims) return undefined;
      return { accountId: id, claims: async () => claims };
    },
    cookies: { keys: ['mamori-e2e-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  // Plain HTTP on loopback is what the test needs; the provider warns about it, harmlessly.
  provider.proxy = false;
  server.on('request', provider.callback());
  console.log(issuer);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
