/**
 * A stand-in for the Bot Framework's token issuer: an OpenID configuration and JWKS
 * on 127.0.0.1 (point ToBotFromChannelOpenIdMetadataUrl at `metadataUrl`) and RS256
 * tokens signed with its own key, shaped like the ones the Bot Connector sends.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface FakeBotAuth {
  metadataUrl: string;
  /**
   * The adapter configuration that validates against this issuer. The SDK takes all
   * endpoints as given once any one is set, so the public cloud's others are repeated
   * (none of them is contacted for an incoming channel token).
   */
  authOptions: Record<string, string | boolean>;
  /** A signed token; override claims or sign with a key the JWKS does not hold. */
  token(claims: Record<string, unknown>, o?: { foreignKey?: boolean }): string;
  close(): Promise<void>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export async function startFakeBotAuth(): Promise<FakeBotAuth> {
  const kid = 'test-key-1';
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  let origin = '';
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${origin}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/v1/keys') {
      res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const token = (claims: Record<string, unknown>, o: { foreignKey?: boolean } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const payload = b64url(JSON.stringify({ iss: BOT_FRAMEWORK_ISSUER, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims }));
    const key: KeyObject = o.foreignKey ? foreign : privateKey;
    return `${header}.${payload}.${b64url(sign('sha256', Buffer.from(`${header}.${payload}`), key))}`;
  };
  const metadataUrl = `${origin}/v1/.well-known/openidconfiguration`;
  return {
    metadataUrl,
    authOptions: {
      ValidateAuthority: true,
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_ISSUER,
      OAuthUrl: 'https://api.botframework.com',
      ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: `${origin}/v1/emulator-not-served`,
      CallerId: 'urn:botframework:azure',
    },
    token,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
