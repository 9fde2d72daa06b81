package dev.triage.email;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML to the text a reader sees: scripts, styles and comments dropped, block elements and line
 * breaks kept as line breaks, everything else as the words it shows. Links keep only their text.
 * Elements nested deeper than {@value #MAX_DEPTH} levels are read as siblings, their text kept: real
 * mail nests far less, and jsoup's time grows with depth (a megabyte of nested divs: seconds at its
 * default of 512, under one at 64).
 */
final class HtmlText {

    static final int MAX_DEPTH = 64;

    private HtmlText() {
    }

    static String toText(String html) {
        Document document = Parser.htmlParser().setMaxDepth(MAX_DEPTH).parseInput(html, "");
        document.select("script, style, head, noscript, template").remove();
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    text.append(textNode.text());
                } else if (node instanceof Element element && (element.isBlock() || element.nameIs("br"))) {
                    text.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && element.isBlock()) {
                    text.append('\n');
                }
            }
        }, document.body() != null ? document.body() : document);
        return text.toString();
    }
}
