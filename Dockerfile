# syntax=docker/dockerfile:1
# Multi-stage build: a JDK builds the jar, a JRE runs it as a non-root user.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# The Maven repository is a BuildKit cache mount: dependencies download once, not on every change.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q package -DskipTests

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 portkit \
 && useradd --system --uid 10001 --gid portkit --no-create-home --shell /usr/sbin/nologin portkit
WORKDIR /app
COPY --from=build /src/bootstrap/target/portkit.jar /app/portkit.jar
# DATA_DIR of the embedded PostgreSQL, used when no DATABASE_URL is set (docker-compose.yml sets one).
RUN mkdir /app/data && chown portkit:portkit /app/data && chmod 700 /app/data
VOLUME /app/data
USER portkit:portkit
EXPOSE 8080
# Heap bounded by the container's memory limit rather than the host's; exit (and be restarted)
# instead of limping on after an OutOfMemoryError.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError" \
    PORT=8080
# No curl in the JRE image: bash's /dev/tcp is enough to ask /health/ready.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# SIGTERM from `docker stop` reaches java directly (exec form): portkit drains and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-jar", "/app/portkit.jar"]
