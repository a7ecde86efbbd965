package io.flotilla.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What the engine would refuse in {@link ContainerOptions}, caught when the spec is written. */
final class ContainerChecks {
  private static final Pattern CAPABILITY = Pattern.compile("(CAP_)?[A-Z][A-Z0-9_]*");
  /** Linux's capabilities (capability.h, up to 5.9); Docker refuses any other name. */
  private static final Set<String> CAPABILITIES = Set.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
      "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
      "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE",
      "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE",
      "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND",
      "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");
  private static final Pattern SIGNAL_NAME = Pattern.compile("(SIG)?[A-Z][A-Z0-9+-]*");
  private static final Set<String> SIGNALS = Set.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "FPE",
      "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
      "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "POLL", "PWR", "SYS");
  /** The limits Docker's {@code --ulimit} knows, as in go-units. */
  static final Set<String> ULIMITS = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice",
      "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
  /** The namespaced sysctls a container may set (Docker refuses the rest). */
  private static final Set<String> IPC_SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
      "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");
  private static final Pattern SYSCTL_KEY = Pattern.compile("[a-z0-9_]+(\\.[a-zA-Z0-9_@:-]+)+");
  private static final Pattern HOSTNAME = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9.-]{0,252}[a-zA-Z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
      + "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

  private ContainerChecks() {}

  /** Capabilities in the engine's canonical form, {@code CAP_NET_ADMIN}; {@code ALL} stays as it is. */
  static List<String> capabilities(String field, List<String> given) {
    List<String> canonical = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String cap = given.get(i).trim().toUpperCase(Locale.ROOT);
      Check.that(CAPABILITY.matcher(cap).matches(), field + "[" + i + "]",
          "expected a capability such as NET_ADMIN or CAP_SYS_PTRACE, not '" + given.get(i) + "'");
      String bare = cap.startsWith("CAP_") ? cap.substring(4) : cap;
      Check.that(cap.equals("ALL") || CAPABILITIES.contains(bare), field + "[" + i + "]",
          "unknown capability '" + given.get(i) + "'; expected a Linux capability such as NET_ADMIN, or ALL");
      canonical.add(cap.equals("ALL") ? cap : "CAP_" + bare);
    }
    return List.copyOf(canonical);
  }

  /** A signal by name (SIGTERM or TERM, any case) or number (1 to 64), as {@code docker run --stop-signal}. */
  static String signal(String field, String signal) {
    if (signal == null) {
      return null;
    }
    String s = signal.trim().toUpperCase(Locale.ROOT);
    if (s.matches("\\d+")) {
      int n = s.length() > 3 ? 0 : Integer.parseInt(s);
      Check.that(n >= 1 && n <= 64, field, "signal numbers go from 1 to 64, not " + signal);
      return s;
    }
    Check.that(SIGNAL_NAME.matcher(s).matches(), field, "expected a signal such as SIGTERM, TERM or 15, not '"
        + signal + "'");
    String bare = s.startsWith("SIG") ? s.substring(3) : s;
    Check.that(SIGNALS.contains(bare) || bare.matches("RTM(IN|AX)([+-]\\d{1,2})?"), field,
        "unknown signal '" + signal + "'; expected a name such as SIGTERM, SIGINT or SIGQUIT, or a number");
    return "SIG" + bare;
  }

  static void ulimits(String field, Map<String, Ulimit> ulimits) {
    for (String name : ulimits.keySet()) {
      Check.that(ULIMITS.contains(name), field + "." + name, "unknown limit; expected one of "
          + String.join(", ", ULIMITS.stream().sorted().toList()));
    }
  }

  static void sysctls(String field, Map<String, String> sysctls) {
    for (String key : sysctls.keySet()) {
      Check.that(SYSCTL_KEY.matcher(key).matches(), field + "." + key,
          "expected a kernel parameter such as net.core.somaxconn");
      Check.that(IPC_SYSCTLS.contains(key) || key.startsWith("fs.mqueue.") || key.startsWith("net."),
          field + "." + key, "cannot be set in a container: only net.*, fs.mqueue.* and the IPC kernel.msg*,"
              + " kernel.sem and kernel.shm* parameters are namespaced");
    }
  }

  /** {@code HOST:IP}, where IP may be IPv6 (split at the first colon) or Docker's {@code host-gateway}. */
  static void extraHosts(String field, List<String> hosts) {
    for (int i = 0; i < hosts.size(); i++) {
      String entry = hosts.get(i);
      int colon = entry.indexOf(':');
      String host = colon < 0 ? "" : entry.substring(0, colon);
      String ip = colon < 0 ? "" : entry.substring(colon + 1);
      Check.that(colon > 0 && HOSTNAME.matcher(host).matches(), field + "[" + i + "]",
          "expected HOST:IP such as db.local:10.0.0.5, not '" + entry + "'");
      Check.that(ip.equals("host-gateway") || isIp(ip), field + "[" + i + "]",
          "'" + ip + "' is not an IP address (expected HOST:IP such as db.local:10.0.0.5)");
    }
  }

  static void ips(String field, List<String> addresses) {
    for (int i = 0; i < addresses.size(); i++) {
      Check.that(isIp(addresses.get(i)), field + "[" + i + "]",
          "expected an IP address such as 10.0.0.2, not '" + addresses.get(i) + "'");
    }
  }

  static void domains(String field, List<String> domains) {
    for (int i = 0; i < domains.size(); i++) {
      String d = domains.get(i);
      Check.that(d.equals(".") || HOSTNAME.matcher(d).matches(), field + "[" + i + "]",
          "expected a domain such as example.com, not '" + d + "'");
    }
  }

  static String hostname(String field, String hostname) {
    if (hostname != null) {
      Check.that(HOSTNAME.matcher(hostname).matches() && hostname.length() <= 253, field,
          "expected a host name of letters, digits, '-' and '.', not '" + hostname + "'");
    }
    return hostname;
  }

  /** An IPv4 or IPv6 literal; never a name, so nothing is looked up. */
  static boolean isIp(String text) {
    if (IPV4.matcher(text).matches()) {
      return true;
    }
    if (!text.contains(":") || text.contains(":::")) {
      return false;
    }
    String body = text;
    int groupsFromV4 = 0;
    int lastColon = text.lastIndexOf(':');
    if (text.substring(lastColon + 1).contains(".")) {
      if (!IPV4.matcher(text.substring(lastColon + 1)).matches()) {
        return false;
      }
      body = text.substring(0, lastColon + 1) + "0";
      groupsFromV4 = 1;
    }
    String[] halves = body.split("::", -1);
    if (halves.length > 2) {
      return false;
    }
    int groups = groupsFromV4;
    for (String half : halves) {
      if (half.isEmpty()) {
        continue;
      }
      for (String group : half.split(":", -1)) {
        if (!IPV6_GROUP.matcher(group).matches()) {
          return false;
        }
        groups++;
      }
    }
    return halves.length == 2 ? groups <= 8 : groups == 8;
  }
}
