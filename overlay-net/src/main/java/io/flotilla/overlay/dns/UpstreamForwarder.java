package io.flotilla.overlay.dns;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Address;

/**
 * Relays raw queries to the upstream servers in order, moving on when one stays silent.
 * Each attempt uses a fresh socket on a random port and a fresh random id, so a forged reply
 * has to guess both.
 */
final class UpstreamForwarder {

    private static final int HEADER_SIZE = 12;
    // Netty reads datagrams into buffers of this size: smaller would cut large upstream replies.
    private static final int MAX_DATAGRAM_SIZE = 65_535;
    private static final int MAX_PENDING = 1024;

    private final Vertx vertx;
    private final List<InetSocketAddress> upstreams;
    private final Duration timeoutPerUpstream;
    private final RandomGenerator random;
    private int pending;

    UpstreamForwarder(Vertx vertx, List<InetSocketAddress> upstreams, Duration timeoutPerUpstream,
            RandomGenerator random) {
        this.vertx = vertx;
        this.upstreams = List.copyOf(upstreams);
        this.timeoutPerUpstream = timeoutPerUpstream;
        this.random = random;
    }

    /** @return the first upstream reply, carrying the query's id; fails if none answers */
    Future<Buffer> forward(Buffer query) {
        if (upstreams.isEmpty()) {
            return Future.failedFuture("no upstream name servers configured");
        }
        if (pending >= MAX_PENDING) {
            return Future.failedFuture(MAX_PENDING + " queries already waiting for upstreams");
        }
        pending++;
        int clientId = query.getUnsignedShort(0);
        Future<Buffer> reply = Future.failedFuture("not asked yet");
        for (InetSocketAddress upstream : upstreams) {
            reply = reply.recover(previousFailure -> ask(upstream, query));
        }
        return reply
                .map(answer -> answer.copy().setUnsignedShort(0, clientId))
                .andThen(done -> pending--);
    }

    private Future<Buffer> ask(InetSocketAddress upstream, Buffer query) {
        int id = random.nextInt(0x10000);
        Buffer outgoing = query.copy().setUnsignedShort(0, id);
        boolean ipv6 = upstream.getAddress() instanceof Inet6Address;
        DatagramSocket socket = vertx.createDatagramSocket(
                new DatagramSocketOptions().setIpV6(ipv6).setReceiveBufferSize(MAX_DATAGRAM_SIZE));
        Promise<Buffer> reply = Promise.promise();
        socket.handler(packet -> {
            if (isReplyFrom(upstream, id, packet)) {
                reply.tryComplete(packet.data());
            }
        });
        long timer = vertx.setTimer(timeoutPerUpstream.toMillis(),
                t -> reply.tryFail(upstream + " did not answer within " + timeoutPerUpstream));
        socket.listen(0, ipv6 ? "::" : "0.0.0.0")
                .compose(bound -> bound.send(outgoing, upstream.getPort(), upstream.getAddress().getHostAddress()))
                .onFailure(reply::tryFail);
        return reply.future().andThen(done -> {
            vertx.cancelTimer(timer);
            socket.close();
        });
    }

    private static boolean isReplyFrom(InetSocketAddress upstream, int id, DatagramPacket packet) {
        Buffer data = packet.data();
        return data.length() >= HEADER_SIZE
                && data.getUnsignedShort(0) == id
                && packet.sender().port() == upstream.getPort()
                && upstream.getAddress().equals(literal(packet.sender().host()));
    }

    private static InetAddress literal(String host) {
        try {
            return Address.getByAddress(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
