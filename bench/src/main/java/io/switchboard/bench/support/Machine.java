package io.switchboard.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine and JVM a run was measured on, read from {@code /proc} and system properties.
 *
 * @param cpus available processors (what {@code nproc} reports to the JVM)
 * @param cpuModel the {@code model name} of {@code /proc/cpuinfo}, or {@code unknown}
 * @param memoryGib total memory from {@code /proc/meminfo}, GiB (0 if unknown)
 * @param os operating system name, version and architecture
 * @param jvm runtime name and version
 * @param jvmVendor the JVM's vendor
 */
public record Machine(
    int cpus, String cpuModel, double memoryGib, String os, String jvm, String jvmVendor) {

  /** Describes this machine and JVM. */
  public static Machine detect() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        procField(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
        procField(Path.of("/proc/meminfo"), "MemTotal")
            .map(v -> Double.parseDouble(v.replaceAll("[^0-9]", "")) / (1024.0 * 1024.0))
            .orElse(0.0),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + Runtime.version(),
        System.getProperty("java.vendor"));
  }

  /** The 1-minute load average from {@code /proc/loadavg}, or -1 if unreadable. */
  public static double loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return Double.parseDouble(parts[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static java.util.Optional<String> procField(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      String prefix = key.toLowerCase(Locale.ROOT);
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(prefix)) {
          return java.util.Optional.of(line.substring(colon + 1).trim());
        }
      }
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.empty();
  }
}
