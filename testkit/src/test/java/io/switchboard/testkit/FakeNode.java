package io.switchboard.testkit;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.switchboard.proto.v1.CallReply;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.Member;
import io.switchboard.proto.v1.MembersReply;
import io.switchboard.proto.v1.MembersRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for the node's main class, so {@link ProcessCluster} can be tested without the node
 * module: takes the {@code node} command's flags, listens on its cluster port, answers {@code GET
 * /health/ready} with 200, {@code Members} with {@code n<k>} for every seed whose cluster port
 * accepts a connection, and {@code Call} with what it got ({@code name input id=request_id}).
 * Prints its command line and {@link #ENV}. Runs until killed.
 */
public final class FakeNode {
  /** The environment variable it prints ({@code fake node n<k> env NAME=value}). */
  static final String ENV = "SWITCHBOARD_FAKE_NODE_ENV";

  private FakeNode() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      flags.put(args[i], args[i + 1]);
    }
    String name = flags.get("--name");
    System.out.println("fake node " + name + " args: " + String.join(" ", args)); // before ready
    System.out.println("fake node " + name + " env " + ENV + "=" + System.getenv(ENV));
    InetAddress lo = InetAddress.getLoopbackAddress();
    ServerSocket cluster = new ServerSocket(Integer.parseInt(flags.get("--cluster-port")), 50, lo);
    HttpServer http = HttpServer.create(
        new InetSocketAddress(lo, Integer.parseInt(flags.get("--http-port"))), 0);
    http.createContext("/health/ready", x -> {
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    http.start();
    Thread acceptor = new Thread(() -> {
      while (true) {
        try (Socket peer = cluster.accept()) {
          peer.getInputStream().available();
        } catch (java.io.IOException e) {
          return;
        }
      }
    }, "cluster-port");
    acceptor.setDaemon(true);
    acceptor.start();
    String seeds = flags.getOrDefault("--seeds", "127.0.0.1:" + cluster.getLocalPort());
    Server grpc = NettyServerBuilder.forAddress(
            new InetSocketAddress(lo, Integer.parseInt(flags.get("--grpc-port"))))
        .addService(new SwitchboardGrpc.SwitchboardImplBase() {
          @Override
          public void call(CallRequest request, StreamObserver<CallReply> out) {
            out.onNext(CallReply.newBuilder().setPayload(com.google.protobuf.ByteString.copyFromUtf8(
                request.getName() + " " + request.getPayload().toStringUtf8() + " id="
                    + request.getRequestId().toStringUtf8())).build());
            out.onCompleted();
          }

          @Override
          public void members(MembersRequest request, StreamObserver<MembersReply> out) {
            MembersReply.Builder reply = MembersReply.newBuilder().setSelf(name);
            String[] all = seeds.split(",");
            for (int k = 0; k < all.length; k++) {
              if (listening(Integer.parseInt(all[k].substring(all[k].indexOf(':') + 1)))) {
                reply.addMembers(Member.newBuilder().setName("n" + (k + 1)));
              }
            }
            out.onNext(reply.build());
            out.onCompleted();
          }
        }).build().start();
    System.out.println("fake node " + name + " ready seeds=" + flags.get("--seeds"));
    grpc.awaitTermination();
    cluster.close();
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
