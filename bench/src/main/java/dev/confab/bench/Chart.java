package dev.confab.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A latency-versus-throughput line chart (log latency axis), drawn headless with Java2D. */
final class Chart {
    private Chart() {}

    record Series(String name, Color color, boolean dashed, List<double[]> points) {}

    static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xd62728),
        new Color(0x2ca02c),
        new Color(0xff7f0e),
        new Color(0x9467bd),
        new Color(0x8c564b)
    };

    static void render(Path png, String title, String xLabel, String yLabel, List<Series> series, double targetY)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 1000, h = 620, left = 90, right = 230, top = 60, bottom = 70;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);

        double xMax = 0, yMin = Double.MAX_VALUE, yMax = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                xMax = Math.max(xMax, p[0]);
                if (p[1] > 0) {
                    yMin = Math.min(yMin, p[1]);
                    yMax = Math.max(yMax, p[1]);
                }
            }
        }
        if (targetY > 0) {
            yMin = Math.min(yMin, targetY);
            yMax = Math.max(yMax, targetY);
        }
        if (yMax == 0) {
            yMin = 0.1;
            yMax = 10;
        }
        double lo = Math.floor(Math.log10(Math.max(yMin, 0.01)));
        double hi = Math.ceil(Math.log10(yMax));
        if (hi <= lo) hi = lo + 1;
        xMax = niceCeil(xMax * 1.02);
        int pw = w - left - right, ph = h - top - bottom;

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(Color.BLACK);
        g.drawString(title, left, 35);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();

        // grid and axis labels
        for (double e = lo; e <= hi; e++) {
            for (int k = 1; k < 10; k++) {
                double v = Math.pow(10, e) * k;
                if (Math.log10(v) > hi + 1e-9) break;
                int y = yPix(v, lo, hi, top, ph);
                g.setColor(k == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.drawLine(left, y, left + pw, y);
                if (k == 1) {
                    g.setColor(Color.DARK_GRAY);
                    String label = fmtMs(v);
                    g.drawString(label, left - 8 - fm.stringWidth(label), y + 5);
                }
            }
        }
        for (int i = 0; i <= 5; i++) {
            double v = xMax * i / 5;
            int x = left + (int) (pw * i / 5.0);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, top, x, top + ph);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%,.0f", v);
            g.drawString(label, x - fm.stringWidth(label) / 2, top + ph + 20);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, pw, ph);
        g.drawString(xLabel, left + pw / 2 - fm.stringWidth(xLabel) / 2, h - 20);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        gy.drawString(yLabel, -(top + ph / 2 + fm.stringWidth(yLabel) / 2), 25);
        gy.dispose();

        if (targetY > 0) {
            int y = yPix(targetY, lo, hi, top, ph);
            g.setColor(new Color(0x888888));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {8, 6}, 0));
            g.drawLine(left, y, left + pw, y);
            g.drawString("target " + fmtMs(targetY), left + 6, y - 6);
        }

        int legendY = top + 10;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(
                    s.dashed()
                            ? new BasicStroke(
                                    2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {7, 5}, 0)
                            : new BasicStroke(2.2f));
            int px = -1, py = -1;
            for (double[] p : s.points()) {
                if (p[1] <= 0) continue;
                int x = left + (int) (pw * p[0] / xMax);
                int y = yPix(p[1], lo, hi, top, ph);
                if (px >= 0) g.drawLine(px, py, x, y);
                g.fillOval(x - 3, y - 3, 7, 7);
                px = x;
                py = y;
            }
            g.drawLine(left + pw + 15, legendY, left + pw + 45, legendY);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), left + pw + 52, legendY + 5);
            legendY += 22;
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
        Log.info("wrote " + png);
    }

    private static int yPix(double v, double lo, double hi, int top, int ph) {
        double f = (Math.log10(v) - lo) / (hi - lo);
        return top + ph - (int) Math.round(f * ph);
    }

    static String fmtMs(double v) {
        if (v >= 1000) return String.format(Locale.ROOT, "%.0f s", v / 1000);
        if (v >= 1) return String.format(Locale.ROOT, "%.0f ms", v);
        return String.format(Locale.ROOT, "%.2g ms", v);
    }

    static double niceCeil(double v) {
        if (v <= 0) return 1;
        double e = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) if (m * e >= v) return m * e;
        return 10 * e;
    }
}
