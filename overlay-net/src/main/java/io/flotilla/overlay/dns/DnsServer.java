package io.flotilla.overlay.dns;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * A node's service-discovery DNS server (UDP): answers names from its {@link NameTable} and
 * relays everything else to the upstream resolvers.
 */
public final class DnsServer {

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final Duration TIMEOUT_PER_UPSTREAM = Duration.ofSeconds(1);

    private final DatagramSocket socket;
    private final LocalAnswers localAnswers;
    private final UpstreamForwarder upstreams;

    private DnsServer(DatagramSocket socket, LocalAnswers localAnswers, UpstreamForwarder upstreams) {
        this.socket = socket;
        this.localAnswers = localAnswers;
        this.upstreams = upstreams;
    }

    /**
     * Binds the server and starts answering.
     *
     * @param host the address to listen on, IPv4 or IPv6
     * @param port 0 picks a free port, see {@link #port()}
     * @param names asked once per query, so a changed table takes effect at the next query;
     *     called on the event loop, so it must not block
     * @param upstreams tried in order, one second each; none answering means SERVFAIL
     */
    public static Future<DnsServer> start(Vertx vertx, String host, int port, Supplier<NameTable> names,
            List<InetSocketAddress> upstreams) {
        Function<String, NameTable> sameForEveryone = client -> names.get();
        return start(vertx, host, port, sameForEveryone, upstreams);
    }

    /**
     * As {@link #start(Vertx, String, int, Supplier, List)}, with the names each client (by its IP
     * address) may see: a container sees the services of every network it is on.
     */
    public static Future<DnsServer> start(Vertx vertx, String host, int port, Function<String, NameTable> names,
            List<InetSocketAddress> upstreams) {
        DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(host.contains(":")));
        DnsServer server = new DnsServer(socket, new LocalAnswers(names),
                new UpstreamForwarder(vertx, upstreams, TIMEOUT_PER_UPSTREAM, new SecureRandom()));
        socket.handler(server::handle);
        return socket.listen(port, host)
                .onFailure(e -> socket.close())
                .map(bound -> server);
    }

    /**
     * The {@code nameserver} entries of a resolv.conf, port 53, without Docker's embedded DNS
     * (127.0.0.11). A missing file means no upstreams. Reads the disk: not for an event loop.
     */
    public static List<InetSocketAddress> upstreamsFrom(Path resolvConf) {
        try {
            return ResolvConf.nameservers(Files.readAllLines(resolvConf));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resolvConf, e);
        }
    }

    /** The bound port. */
    public int port() {
        return socket.localAddress().port();
    }

    public Future<Void> close() {
        return socket.close();
    }

    private void handle(DatagramPacket packet) {
        SocketAddress client = packet.sender();
        Optional<Message> query = parseQuery(packet);
        if (query.isEmpty()) {
            return;
        }
        Optional<Message> localReply = localAnswers.answer(query.get(), client.host());
        if (localReply.isPresent()) {
            send(localReply.get().toWire(), client);
            return;
        }
        upstreams.forward(packet.data()).onComplete(relayed -> {
            if (relayed.succeeded()) {
                send(relayed.result(), client);
            } else {
                LOG.debug("Answering SERVFAIL for {}: {}", query.get().getQuestion().getName(),
                        relayed.cause().getMessage());
                send(Replies.to(query.get(), Rcode.SERVFAIL).toWire(), client);
            }
        });
    }

    private static Optional<Message> parseQuery(DatagramPacket packet) {
        Message message;
        try {
            message = new Message(packet.data().getBytes());
        } catch (IOException e) {
            LOG.debug("Dropping malformed packet from {}: {}", packet.sender(), e.getMessage());
            return Optional.empty();
        }
        // Answering replies could bounce packets between two servers forever.
        if (message.getHeader().getFlag(Flags.QR)) {
            LOG.debug("Dropping a reply sent to us by {}", packet.sender());
            return Optional.empty();
        }
        return Optional.of(message);
    }

    private void send(byte[] reply, SocketAddress client) {
        send(Buffer.buffer(reply), client);
    }

    private void send(Buffer reply, SocketAddress client) {
        socket.send(reply, client.port(), client.host())
                .onFailure(e -> LOG.debug("Cannot send reply to {}: {}", client, e.getMessage()));
    }
}
