package io.flotilla.overlay.vxlan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel side of an overlay network on one node, through iproute2: a VXLAN interface
 * enslaved to the network's bridge (which Docker creates), and one forwarding entry per other
 * node so that broadcasts (ARP) reach every node of the network; unicast addresses are then
 * learned. Every method is idempotent and blocking: call it from a worker thread.
 */
public final class Links {
  public static final int VXLAN_PORT = 4789;
  /** VXLAN over IPv4 adds 50 bytes to every frame. */
  public static final int VXLAN_OVERHEAD = 50;
  private static final Pattern MTU = Pattern.compile(" mtu (\\d+) ");
  private static final Pattern VXLAN_NAME = Pattern.compile("^\\d+: flv(\\d+)[:@]");
  private static final Pattern FLOOD_ENTRY = Pattern.compile("^00:00:00:00:00:00 dst (\\S+) ");

  public static String vxlanName(int vni) {
    return "flv" + vni;
  }

  public static String bridgeName(int vni) {
    return "flb" + vni;
  }

  /** The MTU an overlay network gets on this node: that of the interface holding {@code localAddress}, less VXLAN's. */
  public int overlayMtu(String localAddress) {
    String device = null;
    for (String line : run("ip", "-o", "-4", "addr", "show")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length > 3 && fields[3].startsWith(localAddress + "/")) {
        device = fields[1];
      }
    }
    int underlay = 1500;
    if (device != null && !device.equals("lo")) {
      Matcher m = MTU.matcher(String.join("\n", run("ip", "-o", "link", "show", "dev", device)));
      if (m.find()) {
        underlay = Integer.parseInt(m.group(1));
      }
    }
    return underlay - VXLAN_OVERHEAD;
  }

  /** Creates the VXLAN interface if missing, enslaves it to {@code bridge} and sets the flood list to {@code peers}. */
  public void ensure(int vni, String bridge, String localAddress, int mtu, List<String> peers) {
    String vxlan = vxlanName(vni);
    if (!exists(vxlan)) {
      run("ip", "link", "add", vxlan, "type", "vxlan", "id", String.valueOf(vni), "local", localAddress,
          "dstport", String.valueOf(VXLAN_PORT));
    }
    run("ip", "link", "set", vxlan, "mtu", String.valueOf(mtu));
    run("ip", "link", "set", vxlan, "master", bridge);
    run("ip", "link", "set", vxlan, "up");
    Set<String> present = floodList(vxlan);
    for (String peer : peers) {
      if (!present.contains(peer)) {
        run("bridge", "fdb", "append", "00:00:00:00:00:00", "dev", vxlan, "dst", peer);
      }
    }
    for (String stale : present) {
      if (!peers.contains(stale)) {
        run("bridge", "fdb", "del", "00:00:00:00:00:00", "dev", vxlan, "dst", stale);
      }
    }
  }

  public void remove(int vni) {
    if (exists(vxlanName(vni))) {
      run("ip", "link", "del", vxlanName(vni));
    }
    if (exists(bridgeName(vni))) {
      run("ip", "link", "del", bridgeName(vni));
    }
  }

  /** The VXLAN ids of the overlay interfaces on this node, so leftovers can be found after a restart. */
  public Set<Integer> present() {
    Set<Integer> vnis = new TreeSet<>();
    for (String line : run("ip", "-o", "link", "show")) {
      Matcher m = VXLAN_NAME.matcher(line);
      if (m.find()) {
        vnis.add(Integer.parseInt(m.group(1)));
      }
    }
    return vnis;
  }

  public boolean exists(String link) {
    return !run(true, "ip", "-o", "link", "show", "dev", link).isEmpty();
  }

  private Set<String> floodList(String vxlan) {
    Set<String> peers = new TreeSet<>();
    for (String line : run("bridge", "fdb", "show", "dev", vxlan)) {
      Matcher m = FLOOD_ENTRY.matcher(line.trim());
      if (m.find()) {
        peers.add(m.group(1));
      }
    }
    return peers;
  }

  private static List<String> run(String... command) {
    return run(false, command);
  }

  /** Runs a command; a failure throws with its output, unless {@code failureMeansEmpty}. */
  private static List<String> run(boolean failureMeansEmpty, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 s");
      }
      if (process.exitValue() != 0) {
        if (failureMeansEmpty) {
          return List.of();
        }
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
      }
      List<String> lines = new ArrayList<>();
      output.lines().filter(l -> !l.isBlank()).forEach(lines::add);
      return lines;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command[0] + " (is iproute2 installed?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command[0], e);
    }
  }
}
