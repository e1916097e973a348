package dev.confab.app;

/** Starts a server from flags, environment and an optional config file; stops it gracefully on SIGTERM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.load(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("confab: " + e.getMessage());
            System.exit(2);
            return;
        }
        ConfabServer server = ConfabServer.start(config);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(server::close));
    }
}
