package io.flotilla.overlay.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers the queries that need no upstream: names from the table, and queries we won't serve.
 * Keeps round-robin positions, so one instance belongs to one event loop.
 */
final class LocalAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAnswers.class);

    private static final int HEADER_SIZE = 12;
    private static final int QUESTION_TYPE_AND_CLASS_SIZE = 4;
    private static final int OPT_RECORD_SIZE = 11;
    /** Compressed owner name (2) + type, class (4) + TTL (4) + rdlength (2) + IPv4 address (4). */
    private static final int A_RECORD_SIZE = 16;

    private final Function<String, NameTable> names;
    private final RoundRobin roundRobin = new RoundRobin();

    LocalAnswers(Supplier<NameTable> names) {
        this(client -> names.get());
    }

    LocalAnswers(Function<String, NameTable> names) {
        this.names = names;
    }

    /** @return our reply, or empty when the name isn't ours and the query should go upstream */
    Optional<Message> answer(Message query) {
        return answer(query, "");
    }

    /** As {@link #answer(Message)}, from the names {@code client} (an IP address) can see. */
    Optional<Message> answer(Message query, String client) {
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return Optional.of(Replies.to(query, Rcode.NOTIMP));
        }
        Record question = query.getQuestion();
        if (question == null || query.getSection(Section.QUESTION).size() != 1) {
            return Optional.of(Replies.to(query, Rcode.FORMERR));
        }
        Optional<List<String>> addresses;
        try {
            addresses = names.apply(client).lookup(question.getName().toString());
        } catch (RuntimeException e) {
            LOG.warn("Name table failed for {}; answering SERVFAIL", question.getName(), e);
            return Optional.of(Replies.to(query, Rcode.SERVFAIL));
        }
        return addresses.map(found -> answerOurName(query, question, ipv4(found)));
    }

    private Message answerOurName(Message query, Record question, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return authoritative(Replies.to(query, Rcode.NXDOMAIN));
        }
        Message reply = authoritative(Replies.to(query, Rcode.NOERROR));
        if (question.getType() != Type.A || question.getDClass() != DClass.IN) {
            return reply;
        }
        String rotationKey = question.getName().toString().toLowerCase(Locale.ROOT);
        List<InetAddress> rotated = roundRobin.next(rotationKey, addresses);
        // Trimmed rather than flagged truncated: we serve no TCP for the client to retry on,
        // and rotation still spreads clients over every address.
        int fitting = Math.min(rotated.size(), answersThatFit(query, question));
        for (InetAddress address : rotated.subList(0, fitting)) {
            reply.addRecord(new ARecord(question.getName(), DClass.IN, 0, address), Section.ANSWER);
        }
        return reply;
    }

    private static int answersThatFit(Message query, Record question) {
        int fixed = HEADER_SIZE + question.getName().length() + QUESTION_TYPE_AND_CLASS_SIZE
                + (query.getOPT() != null ? OPT_RECORD_SIZE : 0);
        return Math.max(0, (Replies.payloadLimit(query) - fixed) / A_RECORD_SIZE);
    }

    private static Message authoritative(Message reply) {
        reply.getHeader().setFlag(Flags.AA);
        return reply;
    }

    private static List<InetAddress> ipv4(List<String> addresses) {
        List<InetAddress> parsed = new ArrayList<>(addresses.size());
        for (String address : addresses) {
            try {
                parsed.add(Address.getByAddress(address, Address.IPv4));
            } catch (UnknownHostException e) {
                LOG.debug("Skipping {}: not an IPv4 address", address);
            }
        }
        return parsed;
    }
}
