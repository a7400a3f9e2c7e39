/**
 * Accounts: QR-code login ({@link io.github.bilibiliapi.login.LoginService}), automatic cookie refresh
 * ({@link io.github.bilibiliapi.login.CredentialRefresher}) and where the credential lives
 * ({@link io.github.bilibiliapi.login.CredentialStore}: in memory or in a file). A store is a
 * {@link io.github.bilibiliapi.api.CredentialProvider}: give it to {@code BiliContext.builder().credentials(store)} and
 * every call uses the newest login.
 */
package io.github.bilibiliapi.login;
