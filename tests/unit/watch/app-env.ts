// The App settings the webhook tests configure before importing lib/watch/webhooks: an App whose
// private key is never used (no installation token is minted), and the deliveries' secret.

/** A private key that parses as PEM but signs nothing: these tests never mint a token. */
export const UNUSED_APP_KEY =
  "-----BEGIN RSA PRIVATE KEY-----\\nnot-used-here\\n-----END RSA PRIVATE KEY-----";

/** Configures the App (id 1104) with `secret` as its webhook secret. */
export function configureTestApp(secret: string): void {
  Object.assign(process.env, {
    GITHUB_APP_ID: "1104",
    GITHUB_APP_PRIVATE_KEY: UNUSED_APP_KEY,
    GITHUB_APP_WEBHOOK_SECRET: secret,
  });
}
