package dev.confab.account;

/** Where sign-in and sign-up attempts are counted (metrics), without the rules knowing the metrics library. */
public interface AuthAttempts {
    enum Action {
        LOGIN,
        SIGNUP
    }

    enum Outcome {
        SUCCESS,
        FAILURE,
        THROTTLED,
        OVERLOADED
    }

    void count(Action action, Outcome outcome);
}
