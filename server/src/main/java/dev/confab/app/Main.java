package dev.confab.app;

/** Starts a server from flags, environment and an optional config file; stops it gracefully on SIGTERM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("admin")) {
            System.setProperty("CONFAB_LOG_TARGET", "System.err");
            dev.confab.admin.AdminCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Config config;
        try {
            config = Config.load(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("confab: " + e.getMessage());
            System.exit(2);
            return;
        }
        ConfabServer server = ConfabServer.start(config);
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(server::close));
    }
}
