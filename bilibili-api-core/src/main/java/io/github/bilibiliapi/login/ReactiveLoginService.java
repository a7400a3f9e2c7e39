package io.github.bilibiliapi.login;

import io.github.bilibiliapi.api.Credential;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The Reactor face of {@link LoginService}: each method adapts the service's {@code CompletableFuture} (no second
 * implementation). Requests start on subscription. Invalid arguments (and a credential missing what logout needs)
 * throw from the call itself, as on the {@code CompletableFuture} face. Needs {@code io.projectreactor:reactor-core}.
 */
public final class ReactiveLoginService {

    private final LoginService service;

    /** @param service the service adapted */
    public ReactiveLoginService(LoginService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * See {@link LoginService#startQrLogin()}; poll the {@link QrLogin} as usual.
     *
     * @return a new QR login, when subscribed (each subscription asks for a new code)
     */
    public Mono<QrLogin> startQrLogin() {
        return Mono.fromFuture(service::startQrLogin);
    }

    /**
     * See {@link LoginService#logout()}: the credential is taken when this is called.
     *
     * @return whether bilibili ended the session, when subscribed
     * @throws io.github.bilibiliapi.api.CredentialException when the credential lacks SESSDATA, bili_jct or DedeUserID
     */
    public Mono<Boolean> logout() {
        return logout(service.current());
    }

    /**
     * See {@link LoginService#logout(Credential)}.
     *
     * @param credential the login to end
     * @return whether bilibili ended the session, when subscribed
     * @throws io.github.bilibiliapi.api.CredentialException when the credential lacks SESSDATA, bili_jct or DedeUserID
     */
    public Mono<Boolean> logout(Credential credential) {
        LoginService.checkLogout(credential);
        return Mono.fromFuture(() -> service.logout(credential));
    }
}
