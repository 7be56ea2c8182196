package io.notifications.api.observability;

/**
 * Turns a PromQL expression's comparisons into the {@code bool} kind: {@code x > 5} keeps only the series above 5,
 * {@code x > bool 5} keeps every series, as 0 or 1. An alert's expression is empty while nothing is wrong; with
 * {@code bool} comparisons it shows whether every series it compares exists, with labels that match.
 */
final class Comparisons {

    private Comparisons() {
    }

    static String asBool(String promql) {
        StringBuilder result = new StringBuilder();
        int braces = 0;
        int brackets = 0;
        char quote = 0;
        for (int i = 0; i < promql.length(); i++) {
            char c = promql.charAt(i);
            result.append(c);
            if (quote != 0) {
                if (c == '\\') {
                    result.append(promql.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '{' -> braces++;
                case '}' -> braces--;
                case '[' -> brackets++;
                case ']' -> brackets--;
                default -> {
                    // label matchers (=, !=, =~) and durations are not comparisons
                    if (braces == 0 && brackets == 0 && isComparison(promql, i)) {
                        int end = promql.startsWith("=", i + 1) ? i + 1 : i;
                        result.append(promql, i + 1, end + 1);
                        i = end;
                        if (!promql.substring(end + 1).stripLeading().startsWith("bool")) {
                            result.append(" bool");
                        }
                    }
                }
            }
        }
        return result.toString();
    }

    /** {@code ==}, {@code !=}, {@code >}, {@code >=}, {@code <}, {@code <=} starting at {@code i}. */
    private static boolean isComparison(String promql, int i) {
        char c = promql.charAt(i);
        boolean equalsFollows = promql.startsWith("=", i + 1);
        return c == '>' || c == '<' || ((c == '=' || c == '!') && equalsFollows);
    }
}
