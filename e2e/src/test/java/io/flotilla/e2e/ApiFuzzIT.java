package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Random, mutated and malformed requests to every endpoint of a real all-in-one. None gets a
 * 5xx; every 4xx is a JSON {@code error} in the user's words, without a library's class names;
 * and what is rejected changes nothing (the state is compared after each batch). What a valid
 * mutation creates is removed again. A failure names its seed: rerun with {@code -Dfuzz.seed=N}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ApiFuzzIT {
  private static final long SEED = Long.getLong("fuzz.seed", new Random().nextLong());
  private static final int BATCH = 50;
  private static final int BODY_LIMIT = 1024 * 1024;
  private static final String BASE = "fzbase";
  private static final String ABSENT = "fz-absent";
  private static final Set<String> EVENT_TYPES = Set.of("service", "task", "node", "network", "secret",
      "config");
  private static final Pattern INTERNALS = Pattern.compile("java\\.|javax\\.|jdk\\.|com\\.fasterxml|io\\.vertx"
      + "|io\\.netty|org\\.yaml|io\\.flotilla\\.|Exception|FAIL_ON_|Cannot construct instance|\\n\\s+at |JsonToken"
      + "|StreamRead|JsonRead|REDACTED|\\$[A-Z][a-z]+\\b");

  private FlotillaProcess flotilla;
  private ApiState baseline;
  private String nodeId;
  private long baseVersion;
  private int sent;
  private Instant began;
  private FuzzValues values;
  private String family;

  /** One fuzzed request; {@code body} null for none. */
  record Call(String method, String path, byte[] body) {
    static Call of(String method, String path, String body) {
      return new Call(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    static Call of(String method, String path, JsonNode body) {
      return of(method, path, body.toString());
    }

    @Override
    public String toString() {
      String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      return method + " " + (path.length() > 200 ? path.substring(0, 200) + "..." : path)
          + (body == null ? "" : " " + (text.length() > 300 ? text.substring(0, 300) + "... (" + body.length + " bytes)" : text));
    }
  }

  @BeforeAll
  void start() throws IOException {
    System.out.println("ApiFuzzIT seed " + SEED + " (rerun with -Dfuzz.seed=" + SEED + ")");
    flotilla = new FlotillaProcess();
    flotilla.start();
    // Published through the mesh, so the ingress network exists before the fuzzing starts.
    JsonNode base = FuzzBodies.service(BASE);
    ((com.fasterxml.jackson.databind.node.ObjectNode) base.path("ports").path(0)).put("mode", "ingress");
    HttpResponse<String> created = flotilla.send("POST", "/v1/services", base.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    baseVersion = FuzzBodies.parse(created.body()).path("version").asLong();
    nodeId = flotilla.get("/v1/nodes").path(0).path("id").asText();
    baseline = ApiState.of(flotilla);
    began = Instant.now();
  }

  @AfterAll
  void stop() throws Exception {
    if (began != null) {
      System.out.println("ApiFuzzIT sent " + sent + " requests in " + Duration.between(began, Instant.now()).toMillis()
          + " ms (seed " + SEED + ")");
    }
    if (flotilla != null) {
      flotilla.close();
    }
  }

  @org.junit.jupiter.api.BeforeEach
  void seed(TestInfo test) {
    family = test.getDisplayName();
    values = new FuzzValues(new Random(SEED ^ family.hashCode()));
  }

  @Test
  void randomBodies_onEveryEndpointThatReadsOne() throws Exception {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      for (String[] endpoint : bodyEndpoints()) {
        calls.add(Call.of(endpoint[0], endpoint[1], values.value(values.between(0, 4))));
      }
    }
    run(calls);
  }

  @Test
  void mutatedValidBodies() throws Exception {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 160; i++) {
      JsonNode service = values.mutate(FuzzBodies.service("fz-s" + i));
      FuzzBodies.tameService(service);
      calls.add(Call.of("POST", "/v1/services", service));
      JsonNode update = values.mutate(FuzzBodies.update(baseVersion + 1000, BASE));
      FuzzBodies.tameService(update.path("spec"));
      stale(update);
      calls.add(Call.of("PUT", "/v1/services/" + BASE, update));
      calls.add(Call.of("POST", "/v1/services/" + ABSENT + "/scale",
          values.mutate(FuzzBodies.parse("{\"replicas\":0}"))));
      calls.add(Call.of("PATCH", "/v1/nodes/" + ABSENT, values.mutate(values.pick(FuzzBodies.nodeUpdates()))));
      calls.add(Call.of("POST", "/v1/networks", values.mutate(FuzzBodies.network("fz-n" + i, i % 250))));
      calls.add(Call.of("POST", "/v1/cluster/join", values.mutate(FuzzBodies.join())));
      calls.add(Call.of("POST", "/v1/cluster/join-tokens/rotate", values.mutate(FuzzBodies.parse("{\"role\":\"nobody\"}"))));
      calls.add(Call.of("POST", "/v1/stacks", values.mutate(FuzzBodies.stack("fz-k" + i, FuzzBodies.COMPOSE_YAML))));
      calls.add(Call.of("POST", "/v1/tokens", values.mutate(FuzzBodies.parse("{\"name\":\"fz-t" + i
          + "\",\"role\":\"readonly\"}"))));
    }
    run(calls);
  }

  @Test
  void invalidBodies_forTheExistingServiceAndNode() throws Exception {
    List<String> scales = List.of("{\"replicas\":-1}", "{\"replicas\":\"x\"}", "{\"replicas\":null}", "{}", "[]", "null",
        "{\"replicas\":1.5}", "{\"replicas\":1e40}", "{\"replicas\":99999999999999999999}", "{\"replicas\":[1]}",
        "{\"replicas\":0,\"x\":1}", "{\"replicas\":true}");
    List<String> patches = List.of("{\"availability\":\"nope\"}", "{\"availability\":null,\"labels\":{\"a\":null}}",
        "{\"labels\":{\"\":\"x\"}}", "{\"labels\":{\"a\":\"b\"},\"labelsAdd\":{\"c\":\"d\"}}", "{\"labelsRemove\":[null]}",
        "{\"labelsRemove\":[\"a\"],\"labelsAdd\":{\"a\":\"b\"}}", "{\"labels\":[]}", "null", "[]", "{\"role\":\"worker\"}",
        "{\"availability\":5}", "{\"labelsAdd\":{\"a\":{}}}");
    List<Call> calls = new ArrayList<>();
    scales.forEach(body -> calls.add(Call.of("POST", "/v1/services/" + BASE + "/scale", body)));
    patches.forEach(body -> calls.add(Call.of("PATCH", "/v1/nodes/" + nodeId, body)));
    calls.add(Call.of("PUT", "/v1/services/" + BASE, "{\"version\":" + baseVersion + ",\"spec\":null}"));
    calls.add(Call.of("PUT", "/v1/services/" + BASE, "{\"version\":" + baseVersion + "}"));
    calls.add(Call.of("PUT", "/v1/services/" + BASE, "{\"version\":" + baseVersion + ",\"spec\":{\"name\":\"" + BASE
        + "\",\"image\":\"a b\"}}"));
    calls.add(Call.of("PUT", "/v1/services/" + BASE, "{\"version\":" + baseVersion + ",\"spec\":{\"name\":\"" + BASE
        + "\",\"image\":\"x\",\"mounts\":[{\"target\":\"relative\"}]}}"));
    calls.add(Call.of("PUT", "/v1/services/" + BASE, "{\"version\":\"x\",\"spec\":{}}"));
    calls.add(Call.of("POST", "/v1/services/" + BASE + "/rollback", (String) null));
    calls.add(Call.of("POST", "/v1/services", FuzzBodies.service(BASE)));
    calls.add(Call.of("DELETE", "/v1/nodes/" + nodeId, (String) null));
    calls.add(Call.of("DELETE", "/v1/nodes/" + nodeId + "?force=maybe", (String) null));
    calls.add(Call.of("POST", "/v1/nodes/" + nodeId + "/demote", (String) null));
    run(calls);
  }

  @Test
  void composeFiles_asTreesAsTextAndKnownNastyOnes() throws Exception {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      JsonNode tree = values.mutate(FuzzBodies.composeTree());
      FuzzBodies.tameCompose(tree);
      calls.add(Call.of("POST", "/v1/stacks", FuzzBodies.stack("fz-t" + i, tree.toString())));
      calls.add(Call.of("POST", "/v1/stacks", FuzzBodies.stack("fz-y" + i, mutatedText(FuzzBodies.COMPOSE_YAML))));
    }
    List<String> nasty = FuzzBodies.nastyCompose();
    for (int i = 0; i < nasty.size(); i++) {
      calls.add(Call.of("POST", "/v1/stacks", FuzzBodies.stack("fz-nasty" + i, nasty.get(i))));
    }
    calls.add(new Call("POST", "/v1/stacks", FuzzBodies.COMPOSE_YAML.getBytes(StandardCharsets.UTF_8)));
    run(calls);
  }

  @Test
  void oddNames_inEveryPathAndQuery() throws Exception {
    List<String> names = new ArrayList<>(FuzzValues.ODD_STRINGS);
    for (int i = 0; i < 40; i++) {
      names.add(values.string());
    }
    List<Call> calls = new ArrayList<>();
    for (String name : names) {
      if (reachesAnExistingObject(name)) {
        continue;
      }
      String ref = segment(name);
      String query = URLEncoder.encode(name, StandardCharsets.UTF_8);
      calls.add(Call.of("GET", "/v1/services/" + ref, (String) null));
      calls.add(Call.of("PUT", "/v1/services/" + ref, FuzzBodies.update(1, "fz-odd")));
      calls.add(Call.of("POST", "/v1/services/" + ref + "/scale", "{\"replicas\":0}"));
      calls.add(Call.of("POST", "/v1/services/" + ref + "/rollback", (String) null));
      calls.add(Call.of("DELETE", "/v1/services/" + ref, (String) null));
      calls.add(Call.of("GET", "/v1/nodes/" + ref, (String) null));
      calls.add(Call.of("PATCH", "/v1/nodes/" + ref, "{\"labelsAdd\":{\"fuzz\":\"x\"}}"));
      calls.add(Call.of("POST", "/v1/nodes/" + ref + "/promote", (String) null));
      calls.add(Call.of("POST", "/v1/nodes/" + ref + "/demote", (String) null));
      calls.add(Call.of("DELETE", "/v1/nodes/" + ref + "?force=" + query, (String) null));
      calls.add(Call.of("GET", "/v1/networks/" + ref, (String) null));
      calls.add(Call.of("DELETE", "/v1/networks/" + ref, (String) null));
      calls.add(Call.of("DELETE", "/v1/stacks/" + ref, (String) null));
      calls.add(Call.of("DELETE", "/v1/tokens/" + ref, (String) null));
      calls.add(Call.of("GET", "/v1/tasks?service=" + query, (String) null));
      calls.add(Call.of("GET", "/v1/tasks?node=" + query + "&state=" + query, (String) null));
      if (!isEventSubscription(name)) {
        calls.add(Call.of("GET", "/v1/events?type=" + query, (String) null));
      }
      calls.add(Call.of("POST", "/v1/services", FuzzBodies.service(name)));
      calls.add(Call.of("POST", "/v1/networks", FuzzBodies.network(name, 1)));
      calls.add(Call.of("POST", "/v1/stacks", FuzzBodies.stack(name, FuzzBodies.COMPOSE_YAML)));
      JsonNode mounted = FuzzBodies.service("fz-mount");
      ((com.fasterxml.jackson.databind.node.ObjectNode) mounted.path("mounts").path(0)).put("target", name);
      ((com.fasterxml.jackson.databind.node.ObjectNode) mounted.path("mounts").path(1)).put("source", name);
      calls.add(Call.of("POST", "/v1/services", mounted));
      calls.add(Call.of("POST", "/v1/stacks", FuzzBodies.stack("fz-v", "services: {web: {image: x, volumes: ["
          + FuzzBodies.JSON.writeValueAsString(name + ":/data") + ", " + FuzzBodies.JSON.writeValueAsString("v:" + name)
          + "]}}")));
    }
    for (String raw : List.of("%ff%fe", "%c0%af", "%00", "%ed%a0%80", "%2e%2e", "%2e%2e%2f%2e%2e", "..%2f..", "%e2%98",
        "a%20b", "%25")) {
      calls.add(Call.of("GET", "/v1/services/" + raw, (String) null));
      calls.add(Call.of("DELETE", "/v1/networks/" + raw, (String) null));
      calls.add(Call.of("GET", "/v1/tasks?state=" + raw, (String) null));
    }
    run(calls);
  }

  @Test
  void malformedOversizedAndDeepRequests() throws Exception {
    List<Call> calls = new ArrayList<>();
    String deepArrays = "[".repeat(10_000) + "]".repeat(10_000);
    String deepObjects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    List<byte[]> badUtf8 = List.of(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
        new byte[] {'{', '"', (byte) 0xc0, (byte) 0xaf, '"', ':', '1', '}'},
        new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'},
        new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xe2, (byte) 0x98},
        new byte[] {(byte) 0xfe, (byte) 0xff, 0, '{', 0, '}'});
    List<String> malformed = List.of("", " ", "null", "true", "0", "[]", "\"\"", "{}", "{", "}", "{\"a\":}", "{} {}",
        "{}x", "\uFEFF{}", "/* c */{}", "{'name':'x'}", "{\"replicas\":NaN}", "{\"name\":\"x\",}", "[1,]",
        "{\"name\":\"a\",\"name\":\"b\",\"image\":\"x\",\"replicas\":0}", "{\"name\":\"\\ud800\"}", "{\"name\":\"\\u0000\"}",
        "{\"name\":\"x\\q\"}", "\u0000", "{\"a\":1e99999}", "{\"a\":-}", "{\"a\":01}", "{\"a\":.5}", deepArrays,
        deepObjects, "{\"name\":\"w\",\"image\":\"x\",\"command\":" + deepArrays + "}",
        "{\"name\":\"w\",\"image\":\"x\",\"env\":" + deepObjects + "}", "{\"x\":" + deepArrays + "}");
    for (String[] endpoint : bodyEndpoints()) {
      malformed.forEach(body -> calls.add(Call.of(endpoint[0], endpoint[1], body)));
      badUtf8.forEach(body -> calls.add(new Call(endpoint[0], endpoint[1], body)));
      calls.add(Call.of(endpoint[0], endpoint[1], (String) null));
    }
    for (String[] route : List.of(new String[] {"PATCH", "/v1/services"}, new String[] {"FOO", "/v1/services"},
        new String[] {"TRACE", "/v1/nodes"}, new String[] {"OPTIONS", "/v1/networks"}, new String[] {"GET", "/v1/secrets"},
        new String[] {"GET", "/v1/configs"}, new String[] {"GET", "/v1/services/x/logs"}, new String[] {"GET", "/v2/x"},
        new String[] {"GET", "/"}, new String[] {"POST", "/v1/services/x/scale/extra"}, new String[] {"GET", "/health"},
        new String[] {"GET", "/metrics"}, new String[] {"GET", "/v1/cluster/join-tokens"},
        new String[] {"GET", "/v1/tasks?state=RUNNING&state=x"}, new String[] {"GET", "/v1/events?type=service,nope"},
        new String[] {"GET", "/v1/events?type=,,"}, new String[] {"GET", "/v1/nodes?" + "a=b&".repeat(500)})) {
      calls.add(Call.of(route[0], route[1], (String) null));
    }
    run(calls);
  }

  @Test
  void aBodyOverOneMebibyte_isA413_everywhere() throws Exception {
    for (String[] endpoint : bodyEndpoints()) {
      for (int size : List.of(BODY_LIMIT + 1, 3 * BODY_LIMIT)) {
        Call call = Call.of(endpoint[0], endpoint[1], "{\"name\":\"" + "a".repeat(size - 11) + "\"}");
        HttpResponse<String> response = send(call);
        check(call, response);
        assertThat(response.statusCode()).as("%s (seed %d)", call, SEED).isEqualTo(413);
      }
      Call atTheLimit = Call.of(endpoint[0], endpoint[1], "{\"name\":\"" + "a".repeat(BODY_LIMIT - 11) + "\"}");
      HttpResponse<String> response = send(atTheLimit);
      check(atTheLimit, response);
      assertThat(response.statusCode()).as("%s (seed %d)", atTheLimit, SEED).isNotEqualTo(413);
    }
    assertUnchanged("bodies over the limit");
  }

  @Test
  void oversizedHeadersAndRequestLines_areRefusedWithJson() throws Exception {
    List<HttpResponse<String>> responses = new ArrayList<>();
    responses.add(count(flotilla.send(flotilla.request("GET", "/v1/services", null)
        .header("x-padding", "a".repeat(20_000)).version(HttpClient.Version.HTTP_1_1))));
    var manyHeaders = flotilla.request("POST", "/v1/services", "{}".getBytes(StandardCharsets.UTF_8))
        .version(HttpClient.Version.HTTP_1_1);
    for (int i = 0; i < 200; i++) {
      manyHeaders.header("x-h" + i, "v".repeat(100));
    }
    responses.add(count(flotilla.send(manyHeaders)));
    responses.add(count(flotilla.send(flotilla.request("GET", "/v1/services/" + "a".repeat(10_000), null)
        .version(HttpClient.Version.HTTP_1_1))));
    responses.add(count(flotilla.send(flotilla.request("GET", "/v1/tasks?service=" + "a".repeat(10_000), null)
        .version(HttpClient.Version.HTTP_1_1))));

    assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(431, 431, 414, 414);
    for (HttpResponse<String> response : responses) {
      check(Call.of(response.request().method(), response.request().uri().getRawPath(), (String) null), response);
    }
    assertUnchanged("oversized headers and request lines");
  }

  private List<String[]> bodyEndpoints() {
    return List.of(new String[] {"POST", "/v1/services"}, new String[] {"PUT", "/v1/services/" + BASE},
        new String[] {"POST", "/v1/services/" + ABSENT + "/scale"}, new String[] {"PATCH", "/v1/nodes/" + ABSENT},
        new String[] {"POST", "/v1/networks"}, new String[] {"POST", "/v1/stacks"},
        new String[] {"POST", "/v1/cluster/join"}, new String[] {"POST", "/v1/cluster/join-tokens/rotate"},
        new String[] {"POST", "/v1/tokens"});
  }

  private void run(List<Call> calls) throws IOException {
    for (int start = 0; start < calls.size(); start += BATCH) {
      List<Call> batch = calls.subList(start, Math.min(start + BATCH, calls.size()));
      List<String> undo = new ArrayList<>();
      try {
        for (Call call : batch) {
          HttpResponse<String> response = send(call);
          if (response.statusCode() < 300) {
            undo.addAll(undo(call, response));
          }
          check(call, response);
        }
      } finally {
        remove(undo);
      }
      assertUnchanged("batch " + (start / BATCH) + " of " + family + " (requests " + start + " to "
          + (start + batch.size() - 1) + "; seed " + SEED + "; successes undone: " + undo + ")");
    }
  }

  /** Removes what successful requests created, so that a failure leaves the next test a clean cluster. */
  private void remove(List<String> paths) throws IOException {
    for (String path : paths) {
      HttpResponse<String> removed = count(flotilla.delete(path));
      boolean goneWithItsStack = path.startsWith("/v1/networks/") && removed.statusCode() == 404;
      assertThat(removed.statusCode() < 300 || goneWithItsStack).as("cleanup %s: %s", path, removed.body()).isTrue();
    }
  }

  private void assertUnchanged(String what) throws IOException {
    ApiState now = ApiState.of(flotilla);
    assertThat(now.differencesFrom(baseline)).as("state after %s", what).isEmpty();
  }

  /** The DELETE paths that remove what a successful request created. */
  private List<String> undo(Call call, HttpResponse<String> response) throws JsonProcessingException {
    if (!call.method().equals("POST")) {
      return List.of();
    }
    JsonNode created = call.path().matches("/v1/(services|networks|stacks|tokens)")
        ? FuzzBodies.JSON.readTree(response.body()) : null;
    if (call.method().equals("POST") && call.path().equals("/v1/services")) {
      return List.of("/v1/services/" + created.path("id").asText());
    }
    if (call.method().equals("POST") && call.path().equals("/v1/networks")) {
      return List.of("/v1/networks/" + created.path("id").asText());
    }
    if (call.path().equals("/v1/tokens")) {
      return List.of("/v1/tokens/" + segment(created.path("name").asText()));
    }
    if (call.method().equals("POST") && call.path().equals("/v1/stacks")) {
      List<String> paths = new ArrayList<>(List.of("/v1/stacks/" + segment(created.path("name").asText())));
      created.path("networksCreated").forEach(network -> paths.add("/v1/networks/" + segment(network.asText())));
      return paths;
    }
    return List.of();
  }

  private HttpResponse<String> send(Call call) throws IOException {
    try {
      return count(flotilla.send(call.method(), call.path(), call.body()));
    } catch (IOException e) {
      throw new AssertionError("no answer to " + call + " (seed " + SEED + ")", e);
    }
  }

  private HttpResponse<String> count(HttpResponse<String> response) {
    sent++;
    return response;
  }

  private static void check(Call call, HttpResponse<String> response) {
    String where = call + " -> " + response.statusCode() + " " + response.body() + " (seed " + SEED + ")";
    assertThat(response.statusCode()).as(where).isLessThan(500);
    if (response.statusCode() < 400 || refusedByHttp2Codec(response)) {
      return;
    }
    assertThat(response.headers().firstValue("content-type")).as(where).hasValue("application/json");
    JsonNode body;
    try {
      body = FuzzBodies.JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + where, e);
    }
    String error = body.path("error").asText("");
    assertThat(error).as(where).isNotBlank();
    String asked = call.toString();
    assertThat(INTERNALS.matcher(error).results().map(java.util.regex.MatchResult::group))
        .as("library internals (not quoted from the request) in " + where)
        .allMatch(asked::contains);
  }

  /**
   * Over HTTP/2 (the client upgrades cleartext connections to h2c) Netty answers headers over
   * its limit with a bare 431 before any Flotilla code runs; over HTTP/1.1 the answer is JSON.
   */
  private static boolean refusedByHttp2Codec(HttpResponse<String> response) {
    return response.version() == HttpClient.Version.HTTP_2 && response.statusCode() == 431
        && response.body().isEmpty();
  }

  /** A PUT whose version, however mutated, is never the base service's, so it cannot succeed. */
  private void stale(JsonNode update) {
    JsonNode version = update.path("version");
    if (update instanceof com.fasterxml.jackson.databind.node.ObjectNode fields
        && version.asText().trim().replaceAll("\\.0*$", "").equals(String.valueOf(baseVersion))) {
      fields.put("version", baseVersion + 1000);
    }
  }

  private String mutatedText(String yaml) {
    StringBuilder text = new StringBuilder(yaml);
    for (int i = values.between(1, 3); i > 0; i--) {
      int at = values.between(0, text.length() - 1);
      switch (values.between(0, 4)) {
        case 0 -> text.delete(at, Math.min(text.length(), at + values.between(1, 20)));
        case 1 -> text.insert(at, values.string());
        case 2 -> text.insert(at, values.pick(List.of("\t", "  ", "\n", ": ", "- ", "&a ", "*a", "!!str ", "{", "[", "#", "'", "\"", "\\", "${", "\u0000")));
        case 3 -> {
          int lineStart = text.lastIndexOf("\n", at) + 1;
          int lineEnd = text.indexOf("\n", at);
          text.insert(lineStart, text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd + 1));
        }
        default -> text.replace(at, Math.min(text.length(), at + 1), String.valueOf(values.word().charAt(0)));
      }
    }
    return text.toString();
  }

  private boolean reachesAnExistingObject(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return name.isEmpty() || baseline.references().stream().anyMatch(ref -> ref.startsWith(lower));
  }

  /** Whether {@code GET /v1/events?type=...} would open a stream: it has no end, so the fuzz test does not ask. */
  private static boolean isEventSubscription(String type) {
    String[] types = type.split(",");
    return type.isBlank() || types.length > 0 && java.util.Arrays.stream(types).map(String::trim).allMatch(EVENT_TYPES::contains);
  }

  private static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
