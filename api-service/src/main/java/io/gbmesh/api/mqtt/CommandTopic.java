package io.gbmesh.api.mqtt;

/** A topic a command is published to, {@code gb/cmd/{clientId}/{requestId}}: the two levels that name it. */
record CommandTopic(String clientId, String requestId) {

    /** The command topic {@code topic} is, or null when it is not one (4 levels, both names non-empty). */
    static CommandTopic parse(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length != 4 || !levels[0].equals("gb") || !levels[1].equals("cmd") || levels[2].isEmpty()
                || levels[3].isEmpty()) {
            return null;
        }
        return new CommandTopic(levels[2], levels[3]);
    }
}
