package dev.triage.trainer.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The confusion matrix as a picture, like the book's figure: gold labels down, predicted labels
 * across, each cell shaded by its share of the gold label's row (so rare classes read as clearly as
 * common ones) and marked with its count and that share.
 */
public final class ConfusionMatrixChart {

    private static final int CELL = 84;
    private static final Color EMPTY = new Color(247, 251, 255);
    private static final Color FULL = new Color(8, 48, 107);

    private ConfusionMatrixChart() {
    }

    public static void write(Metrics metrics, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> labels = metrics.labels();
        int k = labels.size();
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Font cellFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        Font smallFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 16);

        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measure = probe.createGraphics();
        int longest = 0;
        for (String label : labels) {
            longest = Math.max(longest, measure.getFontMetrics(labelFont).stringWidth(label));
        }
        int titleWidth = measure.getFontMetrics(titleFont).stringWidth(title);
        measure.dispose();

        int left = longest + 60;
        int top = 60;
        int bottom = longest + 60;
        int width = Math.max(left + k * CELL + 40, titleWidth + 40);
        int height = top + k * CELL + bottom;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);

        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        centered(g, title, width / 2, 30);

        int[][] confusion = metrics.confusion();
        for (int row = 0; row < k; row++) {
            int rowTotal = 0;
            for (int v : confusion[row]) {
                rowTotal += v;
            }
            for (int col = 0; col < k; col++) {
                double share = rowTotal == 0 ? 0 : (double) confusion[row][col] / rowTotal;
                int x = left + col * CELL;
                int y = top + row * CELL;
                g.setColor(blend(share));
                g.fillRect(x, y, CELL, CELL);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                g.setFont(cellFont);
                centered(g, Integer.toString(confusion[row][col]), x + CELL / 2, y + CELL / 2);
                g.setFont(smallFont);
                centered(g, String.format(java.util.Locale.ROOT, "%.2f", share), x + CELL / 2, y + CELL / 2 + 18);
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(left, top, k * CELL, k * CELL);

        g.setColor(Color.BLACK);
        g.setFont(labelFont);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < k; i++) {
            String label = labels.get(i);
            g.drawString(label, left - 8 - fm.stringWidth(label), top + i * CELL + CELL / 2 + fm.getAscent() / 2 - 2);
            AffineTransform saved = g.getTransform();
            g.translate(left + i * CELL + CELL / 2 + fm.getAscent() / 2 - 2, top + k * CELL + 8);
            g.rotate(Math.PI / 2);
            g.drawString(label, 0, 0);
            g.setTransform(saved);
        }
        g.setFont(titleFont);
        centered(g, "Predicted label", left + k * CELL / 2, height - 18);
        AffineTransform saved = g.getTransform();
        g.translate(22, top + k * CELL / 2);
        g.rotate(-Math.PI / 2);
        centered(g, "True label", 0, 0);
        g.setTransform(saved);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static Color blend(double share) {
        return new Color(mix(EMPTY.getRed(), FULL.getRed(), share), mix(EMPTY.getGreen(), FULL.getGreen(), share),
                mix(EMPTY.getBlue(), FULL.getBlue(), share));
    }

    private static int mix(int from, int to, double share) {
        return (int) Math.round(from + (to - from) * share);
    }

    private static void centered(Graphics2D g, String text, int x, int y) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, x - fm.stringWidth(text) / 2, y + fm.getAscent() / 2 - 2);
    }
}
