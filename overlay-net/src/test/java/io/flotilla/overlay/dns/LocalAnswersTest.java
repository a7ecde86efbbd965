package io.flotilla.overlay.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

class LocalAnswersTest {

    private final LocalAnswers answers = new LocalAnswers(() -> ServiceNames.of(Map.of(
            "web", List.of("10.0.0.2", "10.0.0.3"),
            "idle", List.of(),
            "broken", List.of("not-an-address", "10.0.0.9"))));

    @Test
    void answersOurNameAuthoritativelyWithZeroTtl() throws TextParseException {
        Message reply = answers.answer(query("Web.", Type.A)).orElseThrow();

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(reply.getQuestion().getName()).isEqualTo(Name.fromString("Web."));
        assertThat(addresses(reply)).containsExactly("10.0.0.2", "10.0.0.3");
        assertThat(reply.getSection(Section.ANSWER)).allSatisfy(answer -> {
            assertThat(answer.getTTL()).isZero();
            assertThat(answer.getName().toString()).isEqualTo("Web.");
        });
    }

    @Test
    void keepsTheQueryIdAndRecursionDesired() throws TextParseException {
        Message query = query("web.", Type.A);

        Message reply = answers.answer(query).orElseThrow();

        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
    }

    @Test
    void rotatesAcrossQueriesWhateverTheCase() throws TextParseException {
        answers.answer(query("web.", Type.A));

        assertThat(addresses(answers.answer(query("WEB.", Type.A)).orElseThrow()))
                .containsExactly("10.0.0.3", "10.0.0.2");
    }

    @Test
    void answersNxdomainForAServiceWithoutAddresses() throws TextParseException {
        assertThat(answers.answer(query("idle.", Type.A)).orElseThrow().getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answers.answer(query("tasks.idle.", Type.AAAA)).orElseThrow().getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void answersOtherTypesOfOurNamesWithNoData() throws TextParseException {
        for (int type : new int[] {Type.AAAA, Type.MX, Type.TXT, Type.ANY}) {
            Message reply = answers.answer(query("web.", type)).orElseThrow();

            assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        }
    }

    @Test
    void leavesOtherNamesToUpstreams() throws TextParseException {
        assertThat(answers.answer(query("example.com.", Type.A))).isEmpty();
    }

    @Test
    void skipsAddressesThatAreNotIpv4() throws TextParseException {
        assertThat(addresses(answers.answer(query("broken.", Type.A)).orElseThrow())).containsExactly("10.0.0.9");
    }

    @Test
    void trimsAnswersToFitA512ByteReplyWithoutFlaggingTruncation() throws TextParseException {
        List<String> many = IntStream.range(0, 100).mapToObj(i -> "10.0.1." + i).toList();
        LocalAnswers big = new LocalAnswers(() -> ServiceNames.of(Map.of("big", many)));

        Message reply = big.answer(query("tasks.big.", Type.A)).orElseThrow();

        assertThat(reply.toWire().length).isLessThanOrEqualTo(512);
        assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(addresses(reply)).hasSizeGreaterThan(25);
    }

    @Test
    void usesTheEdnsPayloadSizeTheClientOffers() throws TextParseException {
        List<String> many = IntStream.range(0, 100).mapToObj(i -> "10.0.1." + i).toList();
        LocalAnswers big = new LocalAnswers(() -> ServiceNames.of(Map.of("big", many)));
        Message query = query("big.", Type.A);
        query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);

        Message reply = big.answer(query).orElseThrow();

        assertThat(reply.getOPT()).isNotNull();
        assertThat(reply.toWire().length).isBetween(1000, Replies.MAX_UDP_PAYLOAD);
        assertThat(addresses(reply)).hasSizeGreaterThan(60);
    }

    @Test
    void refusesOpcodesOtherThanQuery() throws TextParseException {
        Message notify = query("web.", Type.SOA);
        notify.getHeader().setOpcode(Opcode.NOTIFY);

        assertThat(answers.answer(notify).orElseThrow().getRcode()).isEqualTo(Rcode.NOTIMP);
    }

    @Test
    void rejectsAQueryWithoutQuestion() {
        assertThat(answers.answer(new Message()).orElseThrow().getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void answersServfailWhenTheTableFails() throws TextParseException {
        LocalAnswers failing = new LocalAnswers(() -> name -> {
            throw new IllegalStateException("table not loaded");
        });

        assertThat(failing.answer(query("web.", Type.A)).map(Message::getRcode)).isEqualTo(Optional.of(Rcode.SERVFAIL));
    }

    private static Message query(String name, int type) throws TextParseException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    private static List<String> addresses(Message reply) {
        return reply.getSection(Section.ANSWER).stream()
                .map(answer -> ((ARecord) answer).getAddress().getHostAddress())
                .toList();
    }
}
