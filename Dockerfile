# The image every role runs from (see k8s/): build the jar first with
#   mvn -B -ntp -DskipTests package
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY mesh-launcher/target/gbmesh.jar /app/gbmesh.jar
EXPOSE 5060/udp 5060/tcp 8080 5701
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/gbmesh.jar"]
