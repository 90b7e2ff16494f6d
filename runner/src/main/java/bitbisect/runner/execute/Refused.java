package bitbisect.runner.execute;

import java.io.IOException;

/**
 * The host answered but will not have us: its host key is unknown or has changed, or it refused
 * the login. Unlike a host that does not answer, trying again changes nothing until a person acts,
 * so the message says what to do.
 */
public final class Refused extends IOException {

    Refused(String message, Throwable cause) {
        super(message, cause);
    }
}
