// An OpenID Connect provider for the single sign-on tests: panva's oidc-provider (an OpenID
// Certified implementation) on 127.0.0.1, with one confidential client and the accounts given.
//
//   OIDC_TEST_CONFIG='{"client_id", "client_secret", "redirect_uri", "accounts": {login: {claims}}}' \
//     node provider.mjs PORT
//
// Its development login page accepts any password for a login listed in "accounts". It prints
// "ready" once it listens, and stops when its standard input closes (the test ended).
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const config = JSON.parse(process.env.OIDC_TEST_CONFIG);

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: config.client_id,
    client_secret: config.client_secret,
    redirect_uris: [config.redirect_uri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  async findAccount(ctx, id) {
    const account = config.accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  cookies: { keys: ['only-for-the-tests'] },
  features: { devInteractions: { enabled: true } },
});
provider.proxy = false;

const server = provider.listen(port, '127.0.0.1', () => console.log('ready'));
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
