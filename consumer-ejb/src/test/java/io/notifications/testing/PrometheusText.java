package io.notifications.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A scrape of {@code /metrics} in the Prometheus text format, read as a monitoring system reads it. */
public final class PrometheusText {

    /** One sample: {@code name{label="value",...} number}. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Sample> samples = new ArrayList<>();

    public PrometheusText(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line.strip()));
            }
        }
    }

    /**
     * The value of the one sample with this name whose labels include {@code labels} (given as name, value, name,
     * value ...); fails when there is none or more than one.
     */
    public double value(String name, String... labels) {
        List<Sample> matching = samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " samples " + name + " " + List.of(labels) + " in\n" + text);
        }
        return matching.get(0).value();
    }

    public List<Sample> samples() {
        return samples;
    }

    @Override
    public String toString() {
        return text;
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            String inside = line.substring(brace + 1, line.lastIndexOf('}'));
            for (String pair : inside.split(",(?=[a-zA-Z_]+=\")")) {
                if (!pair.isBlank()) {
                    int equals = pair.indexOf('=');
                    labels.put(pair.substring(0, equals).strip(), pair.substring(equals + 2, pair.length() - 1));
                }
            }
        } else {
            name = line.substring(0, space);
        }
        return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
    }
}
