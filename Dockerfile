# falco-correlator container image: build with Maven, run on a JRE as a non-root user.
#   docker build -t falco-correlator:0.1.0 .
#   docker run --rm -p 2804:2804 falco-correlator:0.1.0
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY rules-yaml rules-yaml
RUN mvn -B -q package -DskipTests

FROM gcr.io/distroless/java17-debian12:nonroot
COPY --from=build /src/target/falco-correlator.jar /opt/falco-correlator/falco-correlator.jar
USER 65532:65532
EXPOSE 2804
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/falco-correlator/falco-correlator.jar"]
CMD ["serve"]
