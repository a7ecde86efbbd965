package io.flotilla.overlay.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Real UDP on 127.0.0.1; the resolver calls block the test thread, never an event loop. */
@ExtendWith(VertxExtension.class)
@Timeout(10)
class DnsServerTest {

    private static final String LOCALHOST = "127.0.0.1";
    private static final Map<String, List<String>> SERVICES = Map.of(
            "web", List.of("10.0.0.2", "10.0.0.3", "10.0.0.4"),
            "idle", List.of());

    private final List<DnsServer> servers = new ArrayList<>();
    private final List<DatagramSocket> sockets = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        servers.forEach(server -> server.close().await());
        sockets.forEach(socket -> socket.close().await());
    }

    @Test
    void resolvesAServiceToAllItsAddressesRotatingEachQuery(Vertx vertx) throws IOException {
        DnsServer server = start(vertx, SERVICES, List.of());

        Message first = ask(server, "web.", Type.A);
        Message second = ask(server, "web.", Type.A);

        assertThat(first.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(first)).containsExactly("10.0.0.2", "10.0.0.3", "10.0.0.4");
        assertThat(addresses(second)).containsExactly("10.0.0.3", "10.0.0.4", "10.0.0.2");
        assertThat(first.getSection(Section.ANSWER)).allSatisfy(answer -> assertThat(answer.getTTL()).isZero());
    }

    @Test
    void resolvesTheTasksName(Vertx vertx) throws IOException {
        DnsServer server = start(vertx, SERVICES, List.of());

        assertThat(addresses(ask(server, "tasks.web.", Type.A)))
                .containsExactlyInAnyOrder("10.0.0.2", "10.0.0.3", "10.0.0.4");
    }

    @Test
    void answersFromTheCurrentTable(Vertx vertx) throws IOException {
        AtomicReference<NameTable> table = new AtomicReference<>(ServiceNames.of(Map.of("web", List.of("10.0.0.2"))));
        DnsServer server = DnsServer.start(vertx, LOCALHOST, 0, table::get, List.of()).await();
        servers.add(server);

        table.set(ServiceNames.of(Map.of("web", List.of("10.0.0.8"))));

        assertThat(addresses(ask(server, "web.", Type.A))).containsExactly("10.0.0.8");
    }

    @Test
    void forwardsOtherNamesAndRelaysTheUpstreamAnswer(Vertx vertx) throws IOException {
        DnsServer upstream = start(vertx, Map.of("db", List.of("10.1.0.5")), List.of());
        DnsServer server = start(vertx, SERVICES, List.of(addressOf(upstream)));
        Message query = query("db.", Type.A);

        Message reply = resolver(server).send(query);

        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(reply)).containsExactly("10.1.0.5");
    }

    @Test
    void relaysUpstreamNxdomain(Vertx vertx) throws IOException {
        DnsServer upstream = start(vertx, Map.of("gone", List.of()), List.of());
        DnsServer server = start(vertx, SERVICES, List.of(addressOf(upstream)));

        assertThat(ask(server, "gone.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void answersServfailWhenTheUpstreamStaysSilent(Vertx vertx) throws IOException {
        DnsServer server = start(vertx, SERVICES, List.of(silentUpstream(vertx)));

        long started = System.nanoTime();
        Message reply = ask(server, "db.", Type.A);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
    }

    @Test
    void triesTheNextUpstreamAfterATimeout(Vertx vertx) throws IOException {
        DnsServer upstream = start(vertx, Map.of("db", List.of("10.1.0.5")), List.of());
        DnsServer server = start(vertx, SERVICES, List.of(silentUpstream(vertx), addressOf(upstream)));

        assertThat(addresses(ask(server, "db.", Type.A))).containsExactly("10.1.0.5");
    }

    @Test
    void answersServfailAtOnceWithoutUpstreams(Vertx vertx) throws IOException {
        DnsServer server = start(vertx, SERVICES, List.of());

        long started = System.nanoTime();
        Message reply = ask(server, "db.", Type.A);

        assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void answersNxdomainForAServiceWithoutRunningTasks(Vertx vertx) throws IOException {
        DnsServer server = start(vertx, SERVICES, List.of());

        Message reply = ask(server, "idle.", Type.A);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void answersAaaaOfOurNamesWithNoData(Vertx vertx) throws IOException {
        DnsServer server = start(vertx, SERVICES, List.of());

        Message reply = ask(server, "web.", Type.AAAA);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void dropsMalformedPacketsAndKeepsServing(Vertx vertx) throws IOException {
        DnsServer server = start(vertx, SERVICES, List.of());
        DatagramSocket client = vertx.createDatagramSocket();
        sockets.add(client);
        client.send(Buffer.buffer(new byte[] {1, 2, 3}), server.port(), LOCALHOST).await();
        client.send(Buffer.buffer(new byte[] {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 63, 'x'}), server.port(), LOCALHOST)
                .await();

        assertThat(addresses(ask(server, "web.", Type.A))).hasSize(3);
    }

    private DnsServer start(Vertx vertx, Map<String, List<String>> services, List<InetSocketAddress> upstreams) {
        NameTable table = ServiceNames.of(services);
        DnsServer server = DnsServer.start(vertx, LOCALHOST, 0, () -> table, upstreams).await();
        servers.add(server);
        return server;
    }

    /** Bound, so queries reach it, but never answers. */
    private InetSocketAddress silentUpstream(Vertx vertx) {
        DatagramSocket socket = vertx.createDatagramSocket().handler(packet -> { }).listen(0, LOCALHOST).await();
        sockets.add(socket);
        return new InetSocketAddress(LOCALHOST, socket.localAddress().port());
    }

    private static InetSocketAddress addressOf(DnsServer server) {
        return new InetSocketAddress(LOCALHOST, server.port());
    }

    private static Message ask(DnsServer server, String name, int type) throws IOException {
        return resolver(server).send(query(name, type));
    }

    private static SimpleResolver resolver(DnsServer server) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(LOCALHOST, server.port()));
        resolver.setTimeout(Duration.ofSeconds(4));
        return resolver;
    }

    private static Message query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    private static List<String> addresses(Message reply) {
        return reply.getSection(Section.ANSWER).stream()
                .map(answer -> ((ARecord) answer).getAddress().getHostAddress())
                .toList();
    }
}
