package io.notifications.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The modules' edges, read from their sources: a package says which jar it lives in, no package is in both, and
 * neither module reaches into the other. What both use is in one named home, {@code io.notifications.message}, in
 * the EJB jar that the WAR depends on.
 */
class ModuleLayoutIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CONSUMER = ROOT.resolve("consumer-ejb/src/main/java");
    private static final Path API = ROOT.resolve("api-war/src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?(io\\.notifications\\.[\\w.]+);");
    private static final int MAX_LINES = 350;

    @Test
    void eachPackageSaysItsModule() throws IOException {
        for (String name : packages(CONSUMER).keySet()) {
            assertTrue(name.equals("io.notifications.message") || name.startsWith("io.notifications.consumer."),
                    "consumer-ejb holds " + name + ": its packages are io.notifications.message and io.notifications.consumer.*");
        }
        for (String name : packages(API).keySet()) {
            assertTrue(name.startsWith("io.notifications.api"), "api-war holds " + name + ": its packages are io.notifications.api.*");
        }
    }

    @Test
    void noPackageIsInBothJars() throws IOException {
        Set<String> both = new TreeSet<>(packages(CONSUMER).keySet());
        both.retainAll(packages(API).keySet());

        assertEquals(Set.of(), both);
    }

    @Test
    void theApiUsesNothingOfTheConsumerButTheMessageAndTheConsumerNothingOfTheApi() throws IOException {
        assertEquals(Map.of(), importsOf(API, "io.notifications.consumer."), "api-war's imports of the consumer's packages");
        assertEquals(Map.of(), importsOf(CONSUMER, "io.notifications.api."), "consumer-ejb's imports of the API's packages");
    }

    @Test
    void noSourceFileIsOver350Lines() throws IOException {
        Map<String, Integer> oversized = new TreeMap<>();
        for (Path source : sources(CONSUMER, API)) {
            int lines = Files.readAllLines(source).size();
            if (lines > MAX_LINES) {
                oversized.put(ROOT.relativize(source).toString(), lines);
            }
        }
        assertEquals(Map.of(), oversized, "files over " + MAX_LINES + " lines: split them by job");
    }

    /** Each package of the sources, with one of its files. */
    private static Map<String, Path> packages(Path sources) throws IOException {
        Map<String, Path> packages = new TreeMap<>();
        for (Path source : sources(sources)) {
            Matcher name = PACKAGE.matcher(Files.readString(source));
            assertTrue(name.find(), source + " declares no package");
            packages.putIfAbsent(name.group(1), source);
        }
        assertTrue(packages.size() > 3, "no sources found under " + sources);
        return packages;
    }

    /** The files whose imports start with the prefix, and those imports. */
    private static Map<String, List<String>> importsOf(Path sources, String prefix) throws IOException {
        Map<String, List<String>> found = new TreeMap<>();
        for (Path source : sources(sources)) {
            List<String> imports = IMPORT.matcher(Files.readString(source)).results().map(match -> match.group(1))
                    .filter(name -> name.startsWith(prefix)).toList();
            if (!imports.isEmpty()) {
                found.put(ROOT.relativize(source).toString(), imports);
            }
        }
        return found;
    }

    private static List<Path> sources(Path... roots) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(all::add);
            }
        }
        return all;
    }
}
