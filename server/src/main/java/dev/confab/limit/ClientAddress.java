package dev.confab.limit;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key that per-address limits count under: an IPv4 address itself, and for IPv6 its /64 prefix,
 * since one host commonly holds a whole /64 and could otherwise rotate through it.
 */
public final class ClientAddress {
    private static final java.util.regex.Pattern LITERAL = java.util.regex.Pattern.compile("\\[?[0-9A-Fa-f:.]+]?");

    private ClientAddress() {}

    public static long key(String ip) {
        if (ip == null || ip.isEmpty()) return 0;
        if (!LITERAL.matcher(ip).matches()) return ip.hashCode(); // never a name lookup
        try {
            byte[] b = InetAddress.getByName(ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip)
                    .getAddress();
            long key = 0;
            for (int i = 0; i < Math.min(8, b.length); i++) key = key << 8 | (b[i] & 0xff);
            return key;
        } catch (UnknownHostException | RuntimeException e) {
            return ip.hashCode();
        }
    }
}
