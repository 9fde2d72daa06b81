package dev.triage.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixChartTest {

    @Test
    void drawsShadedCellsSizedForTheLabels(@TempDir Path dir) throws Exception {
        Metrics m = Metrics.of(List.of("ham", "spam"), new int[] {0, 0, 0, 1}, new int[] {0, 0, 1, 1});
        Path png = dir.resolve("cm.png");
        ConfusionMatrixChart.write(m, "t", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(2 * 84);
        // The spam row is all correct (share 1.0): its diagonal cell is the darkest colour, the
        // cell beside it (share 0) the lightest. Sampled near each cell's top edge, away from the text.
        int gridRight = image.getWidth() - 40;
        int spamRowTop = 60 + 84;
        int full = image.getRGB(gridRight - 84 / 2, spamRowTop + 6) & 0xffffff;
        int empty = image.getRGB(gridRight - 84 - 84 / 2, spamRowTop + 6) & 0xffffff;
        assertThat(full).isNotEqualTo(empty);
        assertThat((full & 0xff) + (full >> 8 & 0xff)).isLessThan((empty & 0xff) + (empty >> 8 & 0xff));
    }
}
