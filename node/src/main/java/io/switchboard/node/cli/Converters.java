package io.switchboard.node.cli;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.cluster.Discovery;
import io.switchboard.cluster.membership.HostPort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Flag value converters; each refuses bad text with a message that shows a good value. */
final class Converters {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,10})(|B|KiB|MiB|GiB)");

  private Converters() {}

  /** A TCP port, 0..65535 (0 = any free port). */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      try {
        int port = Integer.parseInt(text.strip());
        if (port >= 0 && port <= 65_535) {
          return port;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new TypeConversionException(
          "'" + text + "' is not a port: expected 0..65535 (0 = any free port)");
    }
  }

  /** A duration with a unit: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
  static final class Time implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      Matcher m = DURATION.matcher(text.strip());
      if (!m.matches()) {
        throw new TypeConversionException(
            "'" + text + "' is not a duration: expected e.g. 500ms, 5s, 2m or 1h");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
  }

  /** A byte size: {@code 4194304}, {@code 4MiB}, {@code 512KiB}; at most {@code 1GiB}. */
  static final class Bytes implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      Matcher m = SIZE.matcher(text.strip());
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "kib" -> 1L << 10;
          case "mib" -> 1L << 20;
          case "gib" -> 1L << 30;
          default -> 1L;
        };
        if (n * unit <= (1L << 30)) {
          return (int) (n * unit);
        }
      }
      throw new TypeConversionException(
          "'" + text + "' is not a byte size up to 1GiB: expected e.g. 4194304, 512KiB or 4MiB");
    }
  }

  /** A request id: the UTF-8 bytes of the text, 1..64 of them (the protocol's bound). */
  static final class RequestId implements ITypeConverter<RequestIdOption.Id> {
    /** The protocol's bound ({@code CallRequest.request_id}). */
    static final int MAX_BYTES = SwitchboardClient.MAX_REQUEST_ID_BYTES;

    @Override
    public RequestIdOption.Id convert(String text) {
      byte[] id = text.getBytes(StandardCharsets.UTF_8);
      if (id.length == 0 || id.length > MAX_BYTES) {
        throw new TypeConversionException("a request id must be 1.." + MAX_BYTES
            + " bytes of UTF-8, this one is " + id.length + " (e.g. order-4711)");
      }
      return new RequestIdOption.Id(id);
    }
  }

  /** {@code host:port}, port 1..65535. */
  static final class Target implements ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String text) {
      try {
        return HostPort.parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage() + " (expected host:port, e.g. "
            + "127.0.0.1:50051)");
      }
    }
  }

  /** {@code h:p,h:p}; empty means no seeds. */
  static final class Seeds implements ITypeConverter<Discovery.Seeds> {
    @Override
    public Discovery.Seeds convert(String text) {
      try {
        return Discovery.Seeds.parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage() + " (expected h:p,h:p)");
      }
    }
  }

  /** {@code dns:NAME}. */
  static final class DiscoveryFlag implements ITypeConverter<Discovery> {
    @Override
    public Discovery convert(String text) {
      try {
        return Discovery.parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
