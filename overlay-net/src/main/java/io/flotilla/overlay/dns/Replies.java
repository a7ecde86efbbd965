package io.flotilla.overlay.dns;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Reply skeletons: the query's id, question and flags echoed, our rcode set. */
final class Replies {

    /** Big enough for many addresses, small enough to avoid IP fragmentation (DNS flag day 2020). */
    static final int MAX_UDP_PAYLOAD = 1232;
    static final int MIN_UDP_PAYLOAD = 512;

    private Replies() {
    }

    static Message to(Message query, int rcode) {
        Header queryHeader = query.getHeader();
        Message reply = new Message(queryHeader.getID());
        Header header = reply.getHeader();
        header.setFlag(Flags.QR);
        header.setFlag(Flags.RA);
        if (queryHeader.getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        header.setOpcode(queryHeader.getOpcode());
        header.setRcode(rcode);
        Record question = query.getQuestion();
        if (question != null) {
            reply.addRecord(question, Section.QUESTION);
        }
        if (query.getOPT() != null) {
            reply.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        return reply;
    }

    /** The largest UDP reply the client accepts, within what we are willing to send. */
    static int payloadLimit(Message query) {
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return MIN_UDP_PAYLOAD;
        }
        return Math.max(MIN_UDP_PAYLOAD, Math.min(opt.getPayloadSize(), MAX_UDP_PAYLOAD));
    }
}
