package io.flotilla.overlay.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Address;

/** Reads the upstream name servers out of resolv.conf lines. */
final class ResolvConf {

    private static final int DNS_PORT = 53;
    /** Docker's embedded DNS forwards to us; sending its queries back would loop. */
    private static final InetAddress DOCKER_EMBEDDED_DNS = literal("127.0.0.11");

    private ResolvConf() {
    }

    static List<InetSocketAddress> nameservers(List<String> lines) {
        List<InetSocketAddress> upstreams = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2 || !fields[0].equals("nameserver")) {
                continue;
            }
            InetAddress address = literal(withoutZone(fields[1]));
            if (address != null && !address.equals(DOCKER_EMBEDDED_DNS)) {
                upstreams.add(new InetSocketAddress(address, DNS_PORT));
            }
        }
        return List.copyOf(upstreams);
    }

    private static String withoutZone(String address) {
        int zone = address.indexOf('%');
        return zone < 0 ? address : address.substring(0, zone);
    }

    /** Parses literals only: a host name here must never trigger a lookup. */
    private static InetAddress literal(String address) {
        try {
            return Address.getByAddress(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
