# The Switchboard node image: the node's runnable jar on a Java 17 runtime.
#
#   scripts/build-image.sh      # builds the jar if needed, then this image
#
# By hand (the jar comes from Maven, never built inside the image):
#   ./mvnw -q -pl node -am -Dmaven.test.skip=true package
#   docker build -t switchboard/node:dev .                                         # eclipse-temurin
#   docker build --build-arg BASE_IMAGE=local/jre17:bookworm -t switchboard/node:dev .  # no registry
#
# The base image needs a JRE 17 (`java` on PATH), bash, hostname, groupadd and
# useradd: eclipse-temurin:17-jre and the debootstrapped local/jre17:bookworm
# (scripts/docker-up.sh) both have them. No curl: the health check speaks HTTP
# through bash's /dev/tcp.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

LABEL org.opencontainers.image.title="switchboard-node" \
      org.opencontainers.image.description="Switchboard node: OTP behaviours on JVM event loops, clustered over gRPC and JGroups"

# A fixed non-root uid/gid, so Kubernetes can check runAsNonRoot and set fsGroup.
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid switchboard --home-dir /app --no-create-home \
            --shell /usr/sbin/nologin switchboard \
 && mkdir -p /app/lib /var/lib/switchboard \
 && chown switchboard:switchboard /var/lib/switchboard

COPY scripts/container/with-container-host scripts/container/healthcheck scripts/container/compose-certs \
     /usr/local/bin/
# make-certs.sh for docker-compose.yml's one-shot `certs` service (compose-certs runs it); the
# base image's openssl does the work.
COPY scripts/make-certs.sh /app/scripts/
COPY scripts/lib/common.sh /app/scripts/lib/
COPY node/target/switchboard.jar /app/switchboard.jar

ENV SWITCHBOARD_DATA_DIR=/var/lib/switchboard
USER 10001:10001
WORKDIR /app

# gRPC (clients and node-to-node calls), HTTP (/metrics, /health/*), JGroups.
EXPOSE 50051 9464 7800 50061

# Ready = joined, in a quorum, applications started. The start period covers
# JVM start and cluster formation; three misses at 5 s mark it unhealthy.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/healthcheck"]

# Container-aware JVM: the heap follows the container's memory limit (75 %,
# leaving room for metaspace, thread stacks, Netty's direct buffers), and an
# OutOfMemoryError ends the process so the orchestrator restarts it instead of
# leaving a half-working node in the cluster. Add flags with JDK_JAVA_OPTIONS.
# with-container-host sets SWITCHBOARD_HOST to the container's address when it
# is unset, then execs java (PID 1, so SIGTERM triggers the graceful leave).
# Your applications: every jar in /app/lib is on the classpath, so an image
#   FROM switchboard/node:dev
#   COPY my-app.jar /app/lib/
#   ENV SWITCHBOARD_APP=my-app
# runs the AppProvider named my-app (README: "Your own application").
ENTRYPOINT ["/usr/local/bin/with-container-host", "java", \
            "-XX:MaxRAMPercentage=75", "-XX:InitialRAMPercentage=25", \
            "-XX:+ExitOnOutOfMemoryError", \
            "-cp", "/app/switchboard.jar:/app/lib/*", "io.switchboard.node.Main"]
CMD ["node"]
