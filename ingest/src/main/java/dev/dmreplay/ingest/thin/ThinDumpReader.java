package dev.dmreplay.ingest.thin;

import dev.dmreplay.ingest.io.TableFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the XML that {@code thin_dump} (thin-provisioning-tools) prints for a pool's metadata:
 * <pre>
 * &lt;superblock uuid="" time="1" transaction="0" flags="0" version="2" data_block_size="128" nr_data_blocks="0"&gt;
 *   &lt;device dev_id="0" mapped_blocks="768" transaction="0" creation_time="0" snap_time="1"&gt;
 *     &lt;range_mapping origin_begin="0" data_begin="0" length="768" time="0"/&gt;
 *     &lt;single_mapping origin_block="800" data_block="900" time="1"/&gt;
 *   &lt;/device&gt;
 * &lt;/superblock&gt;
 * </pre>
 * with the JDK's own StAX parser. A DOCTYPE is refused and no external entity or DTD is ever fetched (a dump never
 * has one; refusing it keeps a hostile file from reading local files or the network). Checks beyond well-formedness:
 * every number an unsigned decimal, device ids unique, each device's mappings in ascending, non-overlapping order
 * of virtual block and covering exactly its {@code mapped_blocks} (a dump made with {@code --skip-mappings} fails
 * here rather than seeding an empty pool). Unknown attributes are ignored; unknown elements are refused. Every
 * problem is a {@link TableFormatException} naming the file, the line and what was expected.
 */
public final class ThinDumpReader {
    private final String source;
    private final XMLStreamReader xml;
    private ThinSuperblock superblock;
    private final List<ThinDeviceDump> devices = new ArrayList<>();

    private ThinDumpReader(String source, XMLStreamReader xml) {
        this.source = source;
        this.xml = xml;
    }

    public static ThinDump read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        }
    }

    /** Reads a dump from {@code in}; {@code source} names it in messages. */
    public static ThinDump read(String source, InputStream in) {
        XMLStreamReader xml;
        try {
            xml = factory().createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw notWellFormed(source, e);
        }
        try {
            return new ThinDumpReader(source, xml).document();
        } catch (XMLStreamException e) {
            throw notWellFormed(source, e);
        } finally {
            try {
                xml.close();
            } catch (XMLStreamException ignored) {
                // the stream is closed by the caller; nothing is held here
            }
        }
    }

    /** The JDK's built-in parser (not whatever a jar on the class path registers), DTDs and external entities off. */
    static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return f;
    }

    private ThinDump document() throws XMLStreamException {
        while (xml.hasNext()) {
            int ev = xml.next();
            switch (ev) {
                case XMLStreamConstants.DTD -> throw fail("a DOCTYPE is not accepted in a thin_dump (expected"
                        + " <superblock> as the first element)");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (superblock != null) {
                        throw fail("expected nothing after </superblock>, got <" + xml.getLocalName() + ">");
                    }
                    if (!xml.getLocalName().equals("superblock")) {
                        throw fail("expected <superblock> as the root element, got <" + xml.getLocalName() + ">");
                    }
                    superblock();
                }
                case XMLStreamConstants.CHARACTERS -> requireWhitespace("outside <superblock>");
                default -> {
                    // comments, processing instructions, whitespace and the end of the document
                }
            }
        }
        if (superblock == null) {
            throw fail("expected a <superblock> element, found none");
        }
        return new ThinDump(source, superblock, devices);
    }

    private void superblock() throws XMLStreamException {
        long dataBlockSize = number("data_block_size", true);
        if (dataBlockSize == 0) {
            throw fail("attribute data_block_size: expected a block size in sectors greater than 0, got 0");
        }
        superblock = new ThinSuperblock(text("uuid"), number("time", true), number("transaction", false),
                number("flags", false), number("version", false), dataBlockSize, number("nr_data_blocks", false));
        Set<Long> ids = new HashSet<>();
        while (true) {
            int ev = xml.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (ev == XMLStreamConstants.CHARACTERS) {
                requireWhitespace("in <superblock>");
            } else if (ev == XMLStreamConstants.START_ELEMENT) {
                if (!xml.getLocalName().equals("device")) {
                    throw fail("unexpected <" + xml.getLocalName() + "> in <superblock>: expected <device>");
                }
                int line = line();
                ThinDeviceDump d = device(line);
                if (!ids.add(d.devId())) {
                    throw TableFormatException.atLine(source, line, "device dev_id=" + d.devId()
                            + " appears twice: expected each thin device id once");
                }
                devices.add(d);
            }
        }
    }

    private ThinDeviceDump device(int startLine) throws XMLStreamException {
        long devId = number("dev_id", true);
        long mapped = number("mapped_blocks", true);
        long transaction = number("transaction", false);
        long creation = number("creation_time", true);
        long snap = number("snap_time", true);
        List<ThinMappingRun> runs = new ArrayList<>();
        long covered = 0;
        long nextOrigin = 0;
        while (true) {
            int ev = xml.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (ev == XMLStreamConstants.CHARACTERS) {
                requireWhitespace("in <device>");
            } else if (ev == XMLStreamConstants.START_ELEMENT) {
                ThinMappingRun r = mapping();
                if (r.originBegin() < nextOrigin) {
                    throw fail("mapping of virtual block " + r.originBegin() + " overlaps or precedes the previous"
                            + " one of device " + devId + ": expected ascending, non-overlapping origin blocks");
                }
                nextOrigin = r.originEnd();
                covered += r.length();
                runs.add(r);
                requireEmpty();
            }
        }
        if (covered != mapped) {
            throw TableFormatException.atLine(source, startLine, "device " + devId + " has mapped_blocks=" + mapped
                    + " but its mappings cover " + covered + " blocks: expected a full dump (not --skip-mappings)");
        }
        return new ThinDeviceDump(devId, mapped, transaction, creation, snap, runs);
    }

    private ThinMappingRun mapping() {
        return switch (xml.getLocalName()) {
            case "range_mapping" -> {
                long length = number("length", true);
                if (length == 0) {
                    throw fail("attribute length: expected a run of at least 1 block, got 0");
                }
                yield new ThinMappingRun(number("origin_begin", true), number("data_begin", true), length,
                        number("time", true));
            }
            case "single_mapping" -> new ThinMappingRun(number("origin_block", true), number("data_block", true), 1,
                    number("time", true));
            default -> throw fail("unexpected <" + xml.getLocalName() + "> in <device>: expected <range_mapping> or"
                    + " <single_mapping>");
        };
    }

    /** A mapping element has no content. */
    private void requireEmpty() throws XMLStreamException {
        String name = xml.getLocalName();
        while (true) {
            int ev = xml.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                throw fail("unexpected <" + xml.getLocalName() + "> inside <" + name + ">: expected an empty element");
            }
            if (ev == XMLStreamConstants.CHARACTERS) {
                requireWhitespace("in <" + name + ">");
            }
        }
    }

    private void requireWhitespace(String where) {
        if (!xml.isWhiteSpace()) {
            throw fail("unexpected text '" + TableFormatException.shorten(xml.getText().strip()) + "' " + where
                    + ": expected elements only");
        }
    }

    private String text(String attr) {
        String v = xml.getAttributeValue(null, attr);
        return v == null ? "" : v;
    }

    /** An unsigned decimal attribute; 0 when optional and absent. */
    private long number(String attr, boolean required) {
        String v = xml.getAttributeValue(null, attr);
        if (v == null) {
            if (required) {
                throw fail("<" + xml.getLocalName() + "> without attribute " + attr + ": expected " + attr + "=\"N\"");
            }
            return 0;
        }
        if (v.isEmpty() || v.length() > 19 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw fail("attribute " + attr + " of <" + xml.getLocalName() + ">: expected an unsigned decimal number,"
                    + " got '" + TableFormatException.shorten(v) + "'");
        }
        return Long.parseLong(v);
    }

    private int line() {
        Location l = xml.getLocation();
        return l == null ? -1 : l.getLineNumber();
    }

    private TableFormatException fail(String problem) {
        return TableFormatException.atLine(source, line(), problem);
    }

    /** The parser's complaint, one line: its message without the "ParseError at [row,col]" preamble. */
    private static TableFormatException notWellFormed(String source, XMLStreamException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int at = m.indexOf("Message: ");
        if (at >= 0) {
            m = m.substring(at + "Message: ".length());
        }
        m = m.replaceAll("\\s+", " ").strip();
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
        String problem = "not well-formed XML (" + m + "): expected thin_dump's XML output";
        return line > 0 ? TableFormatException.atLine(source, line, problem) : TableFormatException.of(source, problem);
    }
}
