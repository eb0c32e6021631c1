package io.switchboard.cluster;

import io.switchboard.cluster.membership.Member;
import io.switchboard.proto.v1.Founder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The members a cluster's shards were placed over when it formed: kept in {@code
 * <data-dir>/shard-founders} (one {@code name host grpcPort peerPort} line each, oldest first), so
 * that a restarted node and a node joining later place every shard exactly as the founders did.
 * Pure but for {@link #load} and {@link #save}.
 */
final class Founders {
  static final String FILE = "shard-founders";

  private Founders() {}

  /** The founders saved under {@code dataDir}, if this node formed before. */
  static Optional<List<Member>> load(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    List<Member> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split(" ");
      if (f.length != 4) {
        throw new IOException(file + ": a line must be 'name host grpcPort peerPort': " + line);
      }
      try {
        out.add(new Member(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": " + e.getMessage() + ": " + line, e);
      }
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(out));
  }

  /** Saves {@code founders} under {@code dataDir} (a temporary file, then an atomic rename). */
  static void save(Path dataDir, List<Member> founders) throws IOException {
    Files.createDirectories(dataDir);
    StringBuilder b = new StringBuilder();
    for (Member m : founders) {
      b.append(m.name()).append(' ').append(m.host()).append(' ').append(m.port()).append(' ')
          .append(m.peerPort()).append('\n');
    }
    Path tmp = dataDir.resolve(FILE + ".tmp");
    Files.writeString(tmp, b, StandardCharsets.UTF_8);
    Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  static List<Founder> toProto(List<Member> founders) {
    return founders.stream().map(m -> Founder.newBuilder().setName(m.name()).setHost(m.host())
        .setGrpcPort(m.port()).setPeerPort(m.peerPort()).build()).toList();
  }

  /** The members of a peer's answer; empty when it has not formed or sent something invalid. */
  static List<Member> fromProto(List<Founder> founders) {
    List<Member> out = new ArrayList<>();
    try {
      for (Founder f : founders) {
        out.add(new Member(f.getName(), f.getHost(), f.getGrpcPort(), f.getPeerPort()));
      }
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    return List.copyOf(out);
  }
}
