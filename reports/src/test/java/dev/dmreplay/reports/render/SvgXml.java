package dev.dmreplay.reports.render;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A rendered diagram parsed as XML, so tests assert its structure and not its bytes. */
final class SvgXml {
    final Element root;

    SvgXml(String svg) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            root = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Every element named {@code tag} whose class list holds {@code cls}, below {@code in}, in document order. */
    static List<Element> all(Element in, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList l = in.getElementsByTagName(tag);
        for (int i = 0; i < l.getLength(); i++) {
            Element e = (Element) l.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    List<Element> all(String tag, String cls) {
        return all(root, tag, cls);
    }

    /** The y of the first rect directly inside {@code g}. */
    static double rectY(Element g) {
        return Double.parseDouble(((Element) g.getElementsByTagName("rect").item(0)).getAttribute("y"));
    }
}
