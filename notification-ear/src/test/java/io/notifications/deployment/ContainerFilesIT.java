package io.notifications.deployment;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.yaml.snakeyaml.Yaml;

/**
 * What CI can check of the container files without a Docker engine (there is none on the build machines): the compose
 * files refer only to files, stages, services and volumes that exist, the images build with the command docs/operating.md gives and
 * copy what the build made, boot with the same command files as the tests, and are configured only with settings
 * the application reads. (The compose schema itself is checked by dclint in .ci/run.)
 *
 * <p>An integration test because it needs the packaged WAR and EAR: it runs after {@code package}.
 */
class ContainerFilesIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> COMPOSE_FILES =
            List.of("docker-compose.yml", "docker-compose.server.yml", "docker-compose.cluster.yml");
    /** The one launch of Payara Micro: bin/run, the bench scripts and the Micro image start it. */
    private static final String LAUNCHER = "server-config/micro/launch.sh";
    /** The build stage copies the whole repository to /build. */
    private static final String BUILD_DIR = "/build/";
    /** The compose profile of Prometheus and Grafana, which a plain {@code docker compose up} leaves out. */
    private static final String OBSERVABILITY = "observability";
    /**
     * The variables the payara/server-full image (6.x) sets as ENV or its start scripts read for themselves (its
     * Dockerfile and payara/basic's, entrypoint.sh, startInForeground.sh), and which the application must not use.
     */
    private static final Set<String> SERVER_IMAGE_VARIABLES = Set.of("HOME_DIR", "PAYARA_DIR", "SCRIPT_DIR", "CONFIG_DIR",
            "DEPLOY_DIR", "PASSWORD_FILE", "ADMIN_USER", "ADMIN_PASSWORD", "JVM_ARGS", "MEM_MAX_RAM_PERCENTAGE", "MEM_XSS",
            "DOMAIN_NAME", "PAYARA_ARGS", "PREBOOT_COMMANDS", "PREBOOT_COMMANDS_FINAL", "POSTBOOT_COMMANDS",
            "POSTBOOT_COMMANDS_FINAL", "DEPLOY_PROPS", "AS_ADMIN_MASTERPASSWORD", "AS_ADMIN_PASSWORD");

    @Test
    void composeFilesReferOnlyToFilesStagesServicesAndVolumesThatExist() throws IOException {
        List<Executable> checks = new ArrayList<>();
        for (String file : COMPOSE_FILES) {
            Map<String, Object> compose = yaml(ROOT.resolve(file));
            Map<String, Object> services = map(compose.get("services"));
            Set<String> namedVolumes = map(compose.getOrDefault("volumes", Map.of())).keySet();
            assertFalse(services.isEmpty(), file + " has no services");
            for (Map.Entry<String, Object> entry : services.entrySet()) {
                Map<String, Object> service = map(entry.getValue());
                String where = file + ": service " + entry.getKey();
                if (service.get("build") instanceof Map<?, ?> build) {
                    Path context = ROOT.resolve(String.valueOf(build.get("context")));
                    Path dockerfile = context.resolve(String.valueOf(build.get("dockerfile")));
                    checks.add(() -> assertTrue(Files.isRegularFile(dockerfile), where + ": no " + dockerfile));
                    checks.add(() -> assertTrue(stages(dockerfile).contains(String.valueOf(build.get("target"))),
                            where + ": " + dockerfile.getFileName() + " has no stage " + build.get("target")));
                }
                List<Object> volumes = new ArrayList<>(list(service.get("volumes")));
                if (service.get("extends") instanceof Map<?, ?> base) {
                    Map<String, Object> baseServices = map(yaml(ROOT.resolve(String.valueOf(base.get("file")))).get("services"));
                    assertTrue(baseServices.containsKey(base.get("service")), where + " extends a service that does not exist");
                    // The volumes of the service it extends are mounted here too, so this file must declare them.
                    volumes.addAll(list(map(baseServices.get(base.get("service"))).get("volumes")));
                }
                for (Object volume : volumes) {
                    String source = String.valueOf(volume).split(":")[0];
                    if (source.startsWith("./")) {
                        checks.add(() -> assertTrue(Files.exists(ROOT.resolve(source)), where + ": no " + source));
                    } else {
                        checks.add(() -> assertTrue(namedVolumes.contains(source),
                                where + ": volume " + source + " is not declared"));
                    }
                }
                for (String dependency : dependencies(service)) {
                    checks.add(() -> assertTrue(services.containsKey(dependency),
                            where + " depends on " + dependency + ", which " + file + " does not define"));
                }
            }
        }
        assertAll(checks);
    }

    @Test
    void theImagesBuildWithTheDocumentedCommandAndCopyWhatItMade() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Matcher build = Pattern.compile("\\bmvn (-[^;\\n]*package)").matcher(dockerfile);
        assertTrue(build.find(), "the Dockerfile runs no `mvn ... package`");
        String operating = Files.readString(ROOT.resolve("docs/operating.md"));
        assertTrue(operating.contains("./mvnw " + build.group(1)),
                "docs/operating.md does not build with the Dockerfile's command: ./mvnw " + build.group(1));

        Map<String, String> copied = copiedFromBuild(dockerfile);
        assertFalse(copied.isEmpty(), "the Dockerfile copies nothing from the build stage");
        Map<String, String> written = writtenByTheBuildStage(dockerfile);
        assertAll(copied.values().stream().filter(source -> !written.containsKey(source))
                .map(source -> () -> assertTrue(Files.isRegularFile(ROOT.resolve(source)),
                        "the image copies " + source + ", which the build did not make")));
    }

    /**
     * The server image holds the WAR's mp.openapi.* settings as the domain's (Payara Server does not read them from a
     * WAR inside an EAR): the build stage's command, run here, writes one asadmin command for each of them.
     */
    @Test
    void theServerImageGivesTheDomainTheWarsOpenApiSettings() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Map<String, String> written = writtenByTheBuildStage(dockerfile);
        String source = sourceOf(copiedFromBuild(dockerfile), "/tmp/war-settings.asadmin");
        assertTrue(written.containsKey(source), "the build stage does not write " + source);
        assertTrue(dockerfile.contains("cat /tmp/war-settings.asadmin >> ${POSTBOOT_COMMANDS}"), "the image does not run them after boot");

        Process command = new ProcessBuilder("bash", "-c", written.get(source)).directory(ROOT.toFile()).start();
        String commands = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, command.waitFor(), new String(command.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        Properties war = new Properties();
        try (var reader = Files.newBufferedReader(ROOT.resolve("api-war/src/main/resources/META-INF/microprofile-config.properties"))) {
            war.load(reader);
        }
        List<String> expected = war.stringPropertyNames().stream().filter(name -> name.startsWith("mp.openapi.")).sorted()
                .map(name -> "set-config-property --source=domain --propertyName=" + name + " --propertyValue=" + war.getProperty(name))
                .toList();
        assertFalse(expected.isEmpty(), "the WAR has no mp.openapi.* settings");
        assertEquals(expected, commands.lines().sorted().toList());
    }

    @Test
    void theImagesBootWithTheCommandFilesTheTestsUse() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Map<String, String> copied = copiedFromBuild(dockerfile);
        Path dataSource = ROOT.resolve("server-config/data-source.asadmin");

        // Payara Micro: the launcher that starts the image (and bin/run, and the bench scripts) boots with the file the
        // Arquillian tests use.
        String launcher = Files.readString(ROOT.resolve(LAUNCHER));
        Matcher micro = Pattern.compile("--postbootcommandfile \"\\$(\\w+)\"").matcher(launcher);
        assertTrue(micro.find(), "the launcher boots without --postbootcommandfile");
        assertEquals(dataSource, ROOT.resolve(launcherFiles(launcher, "repo").get(micro.group(1))), "the launcher's post-boot file");
        String arquillian = Files.readString(ROOT.resolve("api-war/src/test/resources/arquillian.xml"));
        Matcher tests = Pattern.compile("--postbootcommandfile (\\S+)").matcher(arquillian);
        assertTrue(tests.find(), "the Micro tests boot without --postbootcommandfile");
        assertEquals(dataSource, ROOT.resolve("api-war").resolve(tests.group(1)).normalize(), "the tests' post-boot file");

        // Payara Server: the image's post-boot file is the one payara-domain.sh (the EAR test's domain) runs.
        assertEquals(dataSource, ROOT.resolve(sourceOf(copied, "${POSTBOOT_COMMANDS}")), "the Server image's post-boot file");
        String domainScript = Files.readString(ROOT.resolve("server-config/server/payara-domain.sh"));
        assertTrue(domainScript.contains("\"$here/../data-source.asadmin\""), "payara-domain.sh configures the domain with another file");
        // Both Payara Server domains take the file up to Payara Micro's listener settings, which name Micro's listener.
        String microOnly = "'/^# ---- Payara Micro only/,$d'";
        assertTrue(Files.readString(dataSource).contains("\n# ---- Payara Micro only"), "data-source.asadmin has no Micro-only block");
        assertTrue(domainScript.contains("sed " + microOnly), "payara-domain.sh gives the domain Payara Micro's listener settings");
        assertTrue(dockerfile.contains("sed -i " + microOnly + " ${POSTBOOT_COMMANDS}"),
                "the Server image boots with Payara Micro's listener settings");
    }

    @Test
    void everyServerStartsWithTheApplicationsHttpListenersClosed() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Map<String, String> copied = copiedFromBuild(dockerfile);
        String closedListener = "set configs.config.server-config.network-config.network-listeners.network-listener.";

        // Payara Micro: the launcher (bin/run, the bench scripts, the image) boots with the listener disabled.
        String launcher = Files.readString(ROOT.resolve(LAUNCHER));
        Matcher micro = Pattern.compile("--prebootcommandfile \"\\$(\\w+)\"").matcher(launcher);
        assertTrue(micro.find(), "the launcher boots without --prebootcommandfile");
        Path microFile = ROOT.resolve(launcherFiles(launcher, "repo").get(micro.group(1)));
        assertTrue(Files.readString(microFile).contains(closedListener + "http-listener.enabled=false"),
                microFile + " does not disable Payara Micro's http-listener");
        assertEquals(microFile.getFileName().toString(), launcherFiles(launcher, "from").get(micro.group(1)),
                "the launcher's pre-boot file under --from");

        // Payara Server: payara-domain.sh (the EAR test's domain) and the image boot with the same pre-boot file.
        Path serverFile = ROOT.resolve("server-config/server/http-closed.asadmin");
        String serverCommands = Files.readString(serverFile);
        assertAll(
                () -> assertTrue(serverCommands.contains(closedListener + "http-listener-1.enabled=false")),
                () -> assertTrue(serverCommands.contains(closedListener + "http-listener-2.enabled=false")),
                () -> assertEquals(serverFile, ROOT.resolve(sourceOf(copied, "${PREBOOT_COMMANDS}")),
                        "the Server image's pre-boot file"),
                () -> assertTrue(Files.readString(ROOT.resolve("server-config/server/payara-domain.sh"))
                                .contains("local preboot=\"$here/http-closed.asadmin\""),
                        "payara-domain.sh starts the domain without the pre-boot file"));
    }

    @Test
    void theMicroImageStartsWithTheLauncherAndTheFilesTheBuildMade() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Map<String, String> copied = copiedFromBuild(dockerfile);
        String microStage = dockerfile.substring(dockerfile.indexOf(" AS micro\n"));
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(microStage);
        assertTrue(entrypoint.find(), "the Micro image sets no ENTRYPOINT: it must run the launcher");
        List<Object> command = list(new Yaml().load(entrypoint.group(1))); // a JSON array is YAML too

        // tini stays PID 1 and passes SIGTERM on; the launcher runs under sh (the image has no bash) and execs java.
        assertEquals(List.of("tini", "--", "/bin/sh"), command.subList(0, 3), "the Micro image's entrypoint");
        assertEquals(LAUNCHER, sourceOf(copied, String.valueOf(command.get(3))), "the Micro image runs another launcher");
        int from = command.indexOf("--from");
        assertTrue(from > 3, "the Micro image's launcher has no --from directory");
        String dir = String.valueOf(command.get(from + 1));

        // Every file the launcher reads from --from is the file it reads from the build outside the image; the image's
        // own payara-micro.jar excepted (the build stage checks that it is the build's).
        String launcher = Files.readString(ROOT.resolve(LAUNCHER));
        Map<String, String> inImage = launcherFiles(launcher, "from");
        Map<String, String> inBuild = launcherFiles(launcher, "repo");
        assertEquals(inBuild.keySet(), inImage.keySet(), "the launcher's files in the build and in a --from directory");
        assertAll(inImage.entrySet().stream().filter(file -> !file.getValue().equals("payara-micro.jar"))
                .map(file -> () -> assertEquals(inBuild.get(file.getKey()), sourceOf(copied, dir + "/" + file.getValue()),
                        "the Micro image's " + file.getValue())));
    }

    @Test
    void everyStartOfPayaraMicroGoesThroughTheLauncher() throws IOException {
        List<Path> starters = new ArrayList<>(List.of(ROOT.resolve("bin/run"), ROOT.resolve("Dockerfile")));
        try (Stream<Path> bench = Files.list(ROOT.resolve("bench"))) {
            starters.addAll(bench.filter(p -> p.toString().endsWith(".sh")).toList());
        }
        List<Executable> checks = new ArrayList<>();
        for (Path starter : starters) {
            String text = Files.readString(starter);
            String name = ROOT.relativize(starter).toString();
            checks.add(() -> assertFalse(text.contains("--postbootcommandfile") || text.contains("--deploy "),
                    name + " spells out Payara Micro's options: start it with " + LAUNCHER));
        }
        checks.add(() -> assertTrue(Files.readString(ROOT.resolve("bin/run")).contains("exec " + LAUNCHER + " "),
                "bin/run does not start Payara Micro with " + LAUNCHER));
        for (String bench : List.of("bench/faults.sh", "bench/cluster.sh", "bench/throughput.sh")) {
            checks.add(() -> assertTrue(Files.readString(ROOT.resolve(bench)).contains(LAUNCHER),
                    bench + " does not start Payara Micro with " + LAUNCHER));
        }
        checks.add(() -> assertTrue(Files.isExecutable(ROOT.resolve(LAUNCHER)), LAUNCHER + " is not executable"));
        assertAll(checks);
    }

    @Test
    void theApplicationIsConfiguredOnlyWithSettingsItReads() throws IOException {
        Set<String> known = new TreeSet<>();
        for (String name : settingNames()) {
            known.add(name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")); // MicroProfile Config's mapping
        }
        known.add("PAYARA_ADMIN_PASSWORD"); // read by the Server image's start script, not by the application
        assertTrue(Files.readString(ROOT.resolve("server-config/docker/payara-admin-password.sh"))
                .contains("PAYARA_ADMIN_PASSWORD"));

        List<Executable> checks = new ArrayList<>();
        for (String file : COMPOSE_FILES) {
            map(yaml(ROOT.resolve(file)).get("services")).forEach((name, definition) -> {
                Map<String, Object> service = map(definition);
                if (service.containsKey("build")) {
                    Set<String> variables = map(service.get("environment")).keySet();
                    assertFalse(variables.isEmpty(), file + ": service " + name + " has no settings");
                    for (String variable : variables) {
                        checks.add(() -> assertTrue(known.contains(variable),
                                file + ": service " + name + " sets " + variable + ", which nothing reads"));
                    }
                }
            });
        }
        assertAll(checks);
    }

    /**
     * The payara/server-full image runs its own start scripts with variables of its own, which its base image
     * (payara/basic) sets as ENV: {@code ADMIN_USER=admin} is the user its scripts run asadmin as,
     * {@code ADMIN_PASSWORD=admin} the password it built the domain with. A compose file that sets one of them for
     * anything else steers the image's scripts; a setting of the application whose MicroProfile Config name maps to
     * one of them ({@code admin.user} to {@code ADMIN_USER}) reads the image's value, in every container of that image,
     * whether compose sets it or not: the console would come up with the image's admin/admin.
     */
    @Test
    void noSettingOfTheApplicationOrTheComposeFilesUsesTheServerImagesOwnVariables() throws IOException {
        Set<String> serverStage = new TreeSet<>();
        List<Executable> checks = new ArrayList<>();
        for (String file : COMPOSE_FILES) {
            map(yaml(ROOT.resolve(file)).get("services")).forEach((name, definition) -> {
                Map<String, Object> service = map(definition);
                if (service.get("build") instanceof Map<?, ?> build && "server".equals(build.get("target"))) {
                    serverStage.add(file + ": " + name);
                    for (String variable : map(service.get("environment")).keySet()) {
                        checks.add(() -> assertFalse(SERVER_IMAGE_VARIABLES.contains(variable), file + ": service " + name
                                + " sets " + variable + ", a variable of the payara/server-full image's own start scripts"));
                    }
                }
            });
        }
        assertFalse(serverStage.isEmpty(), "no compose service runs the Dockerfile's server stage");
        for (String setting : settingNames()) {
            String variable = setting.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            checks.add(() -> assertFalse(SERVER_IMAGE_VARIABLES.contains(variable), "the setting " + setting + " is read from "
                    + variable + ", which the payara/server-full image sets for itself"));
        }
        assertAll(checks);
    }

    @Test
    void theClusterFilesNameTheClustersServices() throws IOException {
        Map<String, Object> services = map(yaml(ROOT.resolve("docker-compose.cluster.yml")).get("services"));
        Set<String> brokers = new TreeSet<>();
        Set<String> apps = new TreeSet<>();
        services.forEach((name, definition) -> {
            Map<String, Object> service = map(definition);
            if (String.valueOf(service.get("image")).startsWith("rabbitmq:")) {
                brokers.add(String.valueOf(service.get("hostname")));
            } else if (service.containsKey("build")) {
                apps.add(name);
            }
        });
        assertEquals(3, brokers.size(), "RabbitMQ nodes");
        assertTrue(apps.size() >= 2, "app instances: " + apps);

        Set<String> clusterNodes = matches(ROOT.resolve("server-config/docker/rabbitmq-cluster.conf"),
                "classic_config\\.nodes\\.\\d+ = rabbit@(\\S+)");
        assertEquals(brokers, clusterNodes, "the nodes rabbitmq-cluster.conf lists");
        Set<String> balanced = matches(ROOT.resolve("server-config/docker/haproxy.cfg"), "\\n\\s*server (\\S+) \\1:8080 check");
        assertEquals(apps, balanced, "the instances haproxy.cfg balances");
        for (String app : apps) {
            String addresses = String.valueOf(map(map(services.get(app)).get("environment")).get("RABBITMQ_ADDRESSES"));
            Set<String> hosts = new TreeSet<>();
            for (String address : addresses.split(",")) {
                hosts.add(address.split(":")[0]);
            }
            assertEquals(brokers, hosts, app + "'s RABBITMQ_ADDRESSES");
            assertEquals("true", String.valueOf(map(map(services.get(app)).get("environment")).get("RABBITMQ_QUORUM_QUEUES")),
                    app + " declares classic queues on a cluster");
        }
    }

    /**
     * The observability profile of each compose file: Prometheus reads a configuration that exists, with rule files
     * that exist, and scrapes every application instance directly (not the load balancer) on the port the instance
     * listens on; Grafana's data source is that Prometheus, its dashboards come from a mounted directory of the
     * repository, and every dashboard names a data source Grafana provisions. Both stay out of a plain
     * {@code docker compose up}, are pinned to a version and are published on the host's loopback interface only.
     */
    @Test
    void theObservabilityProfileScrapesEveryInstanceAndMountsWhatItNames() throws IOException {
        List<Executable> checks = new ArrayList<>();
        for (String file : COMPOSE_FILES) {
            Map<String, Object> services = map(yaml(ROOT.resolve(file)).get("services"));
            assertTrue(services.containsKey("prometheus") && services.containsKey("grafana"), file + " has no observability profile");
            Map<String, Object> prometheus = effective(services, "prometheus");
            Map<String, Object> grafana = effective(services, "grafana");
            for (Map.Entry<String, Map<String, Object>> tool : Map.of("prometheus", prometheus, "grafana", grafana).entrySet()) {
                String where = file + ": service " + tool.getKey();
                Map<String, Object> service = tool.getValue();
                checks.add(() -> assertEquals(List.of(OBSERVABILITY), service.get("profiles"), where + "'s profiles"));
                checks.add(() -> assertTrue(String.valueOf(service.get("image")).matches("[a-z/]+:v?\\d+\\.\\d+\\.\\d+"),
                        where + " runs " + service.get("image") + ", not an exact version"));
                for (Object port : list(service.get("ports"))) {
                    checks.add(() -> assertTrue(String.valueOf(port).startsWith("127.0.0.1:"), where + " publishes " + port + " beyond loopback"));
                }
            }

            // Prometheus: its configuration, the rules that configuration names, and one target per app instance.
            String configFlag = list(prometheus.get("command")).stream().map(String::valueOf)
                    .filter(argument -> argument.startsWith("--config.file=")).findFirst().orElse("");
            Path config = hostPath(prometheus, configFlag.substring(configFlag.indexOf('=') + 1));
            assertTrue(config != null && Files.isRegularFile(config), file + ": Prometheus reads " + configFlag + ", which no mount of the repository provides");
            Map<String, Object> scrape = yaml(config);
            for (Object rules : list(scrape.get("rule_files"))) {
                Path rulesFile = config.resolveSibling(String.valueOf(rules));
                checks.add(() -> assertTrue(Files.isRegularFile(rulesFile), ROOT.relativize(config) + " names " + rules + ", which does not exist"));
            }
            Set<String> targets = new TreeSet<>();
            for (Object job : list(scrape.get("scrape_configs"))) {
                for (Object staticConfig : list(map(job).get("static_configs"))) {
                    list(map(staticConfig).get("targets")).forEach(target -> targets.add(String.valueOf(target)));
                }
            }
            Set<String> instances = new TreeSet<>();
            services.forEach((name, definition) -> {
                if (map(definition).containsKey("build")) {
                    // The port the instance's own health check asks inside its container.
                    Matcher port = Pattern.compile("127\\.0\\.0\\.1[:/](\\d+)").matcher(String.valueOf(map(map(definition).get("healthcheck")).get("test")));
                    assertTrue(port.find(), file + ": service " + name + " has no health check on a local port");
                    instances.add(name + ":" + port.group(1));
                }
            });
            checks.add(() -> assertEquals(instances, targets, ROOT.relativize(config) + " scrapes other targets than " + file + "'s app instances"));

            // Grafana: the provisioned data source is this Prometheus, the dashboards' directory is mounted.
            Path provisioning = hostPath(grafana, "/etc/grafana/provisioning");
            assertTrue(provisioning != null && Files.isDirectory(provisioning), file + ": Grafana's provisioning is not mounted from the repository");
            Set<String> uids = new TreeSet<>();
            for (Object source : list(yaml(provisioning.resolve("datasources/prometheus.yml")).get("datasources"))) {
                uids.add(String.valueOf(map(source).get("uid")));
                String url = String.valueOf(map(source).get("url"));
                checks.add(() -> assertEquals("http://prometheus:" + containerPort(prometheus), url, file + ": Grafana's data source"));
            }
            for (Object provider : list(yaml(provisioning.resolve("dashboards/notifications.yml")).get("providers"))) {
                String path = String.valueOf(map(map(provider).get("options")).get("path"));
                Path dashboards = hostPath(grafana, path);
                assertTrue(dashboards != null, file + ": Grafana reads dashboards from " + path + ", which no mount of the repository provides");
                checks.add(() -> assertTrue(Files.isDirectory(dashboards), file + ": Grafana's dashboards are mounted from " + dashboards + ", which does not exist"));
                if (Files.isDirectory(dashboards)) {
                    try (Stream<Path> json = Files.list(dashboards)) {
                        List<Path> found = json.filter(p -> p.toString().endsWith(".json")).toList();
                        checks.add(() -> assertFalse(found.isEmpty(), dashboards + " holds no dashboard"));
                        for (Path dashboard : found) {
                            Set<String> named = matches(dashboard, "\"datasource\"\\s*:\\s*\\{[^{}]*\"uid\"\\s*:\\s*\"([^\"$]+)\"");
                            named.remove("-- Grafana --"); // Grafana's own, built-in source of annotations
                            checks.add(() -> assertTrue(uids.containsAll(named), ROOT.relativize(dashboard) + " names data sources " + named
                                    + ", Grafana provisions " + uids));
                        }
                    }
                }
            }
        }
        assertAll(checks);
    }

    /** A service as Compose sees it: the service it extends, with its own attributes over them (volumes added). */
    private static Map<String, Object> effective(Map<String, Object> services, String name) throws IOException {
        Map<String, Object> service = map(services.get(name));
        if (!(service.get("extends") instanceof Map<?, ?> base)) {
            return service;
        }
        Map<String, Object> merged = new LinkedHashMap<>(map(map(yaml(ROOT.resolve(String.valueOf(base.get("file"))))
                .get("services")).get(base.get("service"))));
        List<Object> volumes = new ArrayList<>(list(merged.get("volumes")));
        volumes.addAll(list(service.get("volumes")));
        merged.putAll(service);
        merged.put("volumes", volumes);
        merged.remove("extends");
        return merged;
    }

    /** The repository's file behind a path in the service's container, through its bind mounts; null when none. */
    private static Path hostPath(Map<String, Object> service, String containerPath) {
        for (Object volume : list(service.get("volumes"))) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts[0].startsWith("./") && (containerPath.equals(parts[1]) || containerPath.startsWith(parts[1] + "/"))) {
                return ROOT.resolve(parts[0]).resolve(containerPath.substring(parts[1].length()).replaceFirst("^/", "")).normalize();
            }
        }
        return null;
    }

    /** The container's side of a service's one published port. */
    private static String containerPort(Map<String, Object> service) {
        List<Object> ports = list(service.get("ports"));
        assertEquals(1, ports.size(), "published ports: " + ports);
        String port = String.valueOf(ports.get(0));
        return port.substring(port.lastIndexOf(':') + 1);
    }

    /** MicroProfile Config names the application and its data source read. */
    private static Set<String> settingNames() throws IOException {
        Set<String> names = new TreeSet<>();
        names.addAll(matches(ROOT.resolve("server-config/data-source.asadmin"), "\\$\\{MPCONFIG=([a-z0-9.-]+)}"));
        try (Stream<Path> sources = Files.walk(ROOT)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")).toList()) {
                // A class of @ConfigProperties(prefix = "api") names its settings without the prefix.
                String prefix = matches(source, "@ConfigProperties\\(prefix = \"([^\"]+)\"\\)").stream().findFirst()
                        .map(name -> name + ".").orElse("");
                matches(source, "@ConfigProperty\\(name = \"([^\"]+)\"").forEach(name -> names.add(prefix + name));
            }
        }
        assertTrue(names.contains("rabbitmq.host") && names.contains("db.host"), "no settings found: " + names);
        return names;
    }

    /** Every {@code COPY --from=build}: the destination in the image, and the source's path in the repository. */
    private static Map<String, String> copiedFromBuild(String dockerfile) {
        Map<String, String> copied = new LinkedHashMap<>();
        Matcher copy = Pattern.compile("(?m)^COPY --from=build (?:--chown=\\S+ )?(\\S+) (\\S+)$").matcher(dockerfile);
        while (copy.find()) {
            assertTrue(copy.group(1).startsWith(BUILD_DIR), "copied from outside the build: " + copy.group(1));
            copied.put(copy.group(2), copy.group(1).substring(BUILD_DIR.length()));
        }
        return copied;
    }

    /** Files a RUN of the build stage writes ({@code command > file}), by file, with the command that writes them. */
    private static Map<String, String> writtenByTheBuildStage(String dockerfile) {
        String buildStage = dockerfile.substring(dockerfile.indexOf(" AS build\n"), dockerfile.indexOf(" AS server\n"));
        Map<String, String> written = new LinkedHashMap<>();
        Matcher redirect = Pattern.compile("(?m)^\\s+([^;>\\n]+?) > (\\S+)$").matcher(buildStage);
        while (redirect.find()) {
            written.put(redirect.group(2), redirect.group(1));
        }
        return written;
    }

    /** The launcher's files, by variable: {@code name=$base/path} for base {@code repo} (the build) or {@code from}. */
    private static Map<String, String> launcherFiles(String launcher, String base) {
        Map<String, String> files = new LinkedHashMap<>();
        Matcher file = Pattern.compile("(\\w+)=\\$" + base + "/(\\S+)").matcher(launcher);
        while (file.find()) {
            files.put(file.group(1), file.group(2));
        }
        assertFalse(files.isEmpty(), "the launcher names no files under $" + base);
        return files;
    }

    private static String sourceOf(Map<String, String> copied, String destination) {
        String source = copied.get(destination);
        assertTrue(source != null, "the Dockerfile copies nothing to " + destination);
        return source;
    }

    private static Set<String> stages(Path dockerfile) throws IOException {
        return matches(dockerfile, "(?m)^FROM \\S+ AS (\\S+)$");
    }

    private static Set<String> matches(Path file, String regex) throws IOException {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(Files.readString(file));
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static Set<String> dependencies(Map<String, Object> service) {
        Object dependsOn = service.get("depends_on");
        return dependsOn instanceof Map<?, ?> ? map(dependsOn).keySet() : new TreeSet<>(list(dependsOn).stream().map(String::valueOf).toList());
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return map(new Yaml().load(reader));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
