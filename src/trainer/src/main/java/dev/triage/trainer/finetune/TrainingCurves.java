package dev.triage.trainer.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * The training report's picture, drawn from metrics.jsonl: training loss by step (raw and a moving
 * average) on the left, validation loss, accuracy and macro-F1 by epoch on the right. Each chart's
 * title sits above its frame and its legend below its axis, so neither covers the curves or the
 * other.
 */
public final class TrainingCurves {

    private static final int PANEL = 420;
    private static final int HEIGHT = 320;
    private static final int MARGIN = 50;
    /** Above each chart: its title. */
    private static final int TITLE_BAND = 22;
    /** Below each chart's axis: its legend. */
    private static final int LEGEND_BAND = 30;
    private static final int TOP = MARGIN + TITLE_BAND;

    private TrainingCurves() {
    }

    public static void write(Path metricsJsonl, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ObjectMapper json = new ObjectMapper();
        TreeMap<Long, Double> loss = new TreeMap<>(); // by step: the last logged value wins (a resumed run re-logs)
        TreeMap<Integer, double[]> epochs = new TreeMap<>();
        for (String line : Files.readAllLines(metricsJsonl)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            if (node.path("type").asText().equals("step")) {
                loss.put(node.path("step").asLong(), node.path("loss").asDouble());
            } else if (node.path("type").asText().equals("evaluation")) {
                epochs.put(node.path("epoch").asInt(), new double[] {node.path("validationLoss").asDouble(),
                        node.path("validationAccuracy").asDouble(), node.path("validationMacroF1").asDouble()});
            }
        }
        BufferedImage image = new BufferedImage(2 * PANEL + 3 * MARGIN, TOP + HEIGHT + MARGIN + LEGEND_BAND,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, MARGIN, 25);

        List<double[]> raw = new ArrayList<>();
        loss.forEach((step, value) -> raw.add(new double[] {step, value}));
        List<double[]> smooth = movingAverage(raw, Math.max(1, raw.size() / 25));
        panel(g, MARGIN, TOP, "training loss by step", "step",
                List.of(new Series("loss", new Color(170, 190, 230), raw), new Series("moving average", new Color(8, 48, 107), smooth)));

        List<double[]> validationLoss = new ArrayList<>();
        List<double[]> accuracy = new ArrayList<>();
        List<double[]> macroF1 = new ArrayList<>();
        epochs.forEach((epoch, values) -> {
            validationLoss.add(new double[] {epoch + 1, values[0]});
            accuracy.add(new double[] {epoch + 1, values[1]});
            macroF1.add(new double[] {epoch + 1, values[2]});
        });
        panel(g, 2 * MARGIN + PANEL, TOP, "validation by epoch", "epoch", List.of(
                new Series("loss", new Color(200, 80, 60), validationLoss),
                new Series("accuracy", new Color(8, 48, 107), accuracy),
                new Series("macro-F1", new Color(60, 150, 80), macroF1)));
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private record Series(String name, Color color, List<double[]> points) {
    }

    private static void panel(Graphics2D g, int left, int top, String title, String xLabel, List<Series> series) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        if (minX == Double.MAX_VALUE) {
            minX = 0;
            maxX = 1;
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        maxY = maxY <= 0 ? 1 : maxY * 1.05;
        g.setColor(Color.GRAY);
        g.drawRect(left, top, PANEL, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.setColor(Color.BLACK);
        g.drawString(title, left, top - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(xLabel, left + PANEL / 2 - 15, top + HEIGHT + 30);
        for (int tick = 0; tick <= 4; tick++) {
            double value = maxY * tick / 4;
            int y = top + HEIGHT - (int) (HEIGHT * tick / 4.0);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, y, left + PANEL, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", value), left - 38, y + 4);
        }
        g.drawString(String.format(Locale.ROOT, "%.0f", minX), left, top + HEIGHT + 15);
        g.drawString(String.format(Locale.ROOT, "%.0f", maxX), left + PANEL - 20, top + HEIGHT + 15);
        int legendX = left;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(new BasicStroke(2f));
            Path2D path = new Path2D.Double();
            boolean first = true;
            for (double[] p : s.points()) {
                double x = left + (p[0] - minX) / (maxX - minX) * PANEL;
                double y = top + HEIGHT - p[1] / maxY * HEIGHT;
                if (first) {
                    path.moveTo(x, y);
                    first = false;
                } else {
                    path.lineTo(x, y);
                }
                if (s.points().size() < 30) {
                    g.fillOval((int) x - 3, (int) y - 3, 6, 6);
                }
            }
            g.draw(path);
            int legendY = top + HEIGHT + 48;
            g.drawLine(legendX, legendY - 4, legendX + 18, legendY - 4);
            g.drawString(s.name(), legendX + 24, legendY);
            legendX += 24 + g.getFontMetrics().stringWidth(s.name()) + 24;
        }
    }

    private static List<double[]> movingAverage(List<double[]> points, int window) {
        List<double[]> averaged = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < points.size(); i++) {
            sum += points.get(i)[1];
            if (i >= window) {
                sum -= points.get(i - window)[1];
            }
            averaged.add(new double[] {points.get(i)[0], sum / Math.min(i + 1, window)});
        }
        return averaged;
    }
}
