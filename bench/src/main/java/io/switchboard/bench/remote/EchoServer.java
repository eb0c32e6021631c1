package io.switchboard.bench.remote;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;

/**
 * A child process serving the raw gRPC baseline on {@code 127.0.0.1:<port>}: an echo, or with a
 * second argument a relay to the echo server on that port. Prints {@code echo ready port=<port>}
 * when serving; runs until killed.
 *
 * <p>Arguments: {@code <port> [<relay-to-port>]}.
 */
public final class EchoServer {
  private EchoServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    ManagedChannel next = args.length > 1
        ? Grpc.newChannelBuilder("127.0.0.1:" + args[1], InsecureChannelCredentials.create())
            .build()
        : null;
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .addService(next == null ? EchoService.echo() : EchoService.relay(next))
        .build()
        .start();
    System.out.println("echo ready port=" + server.getPort());
    System.out.flush();
    server.awaitTermination();
  }
}
