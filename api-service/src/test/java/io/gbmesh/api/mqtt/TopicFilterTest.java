package io.gbmesh.api.mqtt;

import static io.gbmesh.api.mqtt.TopicFilter.isValidFilter;
import static io.gbmesh.api.mqtt.TopicFilter.isValidTopicName;
import static io.gbmesh.api.mqtt.TopicFilter.matches;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The examples of MQTT 3.1.1 section 4.7, and the edges around them. */
class TopicFilterTest {

    @Test
    void multiLevelWildcardMatchesTheParentAndEverythingBelow() {
        assertTrue(matches("sport/tennis/player1/#", "sport/tennis/player1"));
        assertTrue(matches("sport/tennis/player1/#", "sport/tennis/player1/ranking"));
        assertTrue(matches("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon"));
        assertTrue(matches("sport/#", "sport"));
        assertTrue(matches("#", "sport/tennis"));
        assertTrue(matches("#", "/"));
        assertFalse(matches("sport/tennis/#", "sport/ten"));
    }

    @Test
    void multiLevelWildcardMustBeLastAndAloneInItsLevel() {
        assertTrue(isValidFilter("#"));
        assertTrue(isValidFilter("sport/#"));
        assertFalse(isValidFilter("sport/tennis#"));
        assertFalse(isValidFilter("sport/tennis/#/ranking"));
        assertFalse(isValidFilter("#/"));
        assertFalse(isValidFilter("##"));
    }

    @Test
    void singleLevelWildcardMatchesExactlyOneLevel() {
        assertTrue(matches("sport/tennis/+", "sport/tennis/player1"));
        assertTrue(matches("sport/tennis/+", "sport/tennis/player2"));
        assertFalse(matches("sport/tennis/+", "sport/tennis/player1/ranking"));
        assertFalse(matches("sport/+", "sport"));
        assertTrue(matches("sport/+", "sport/"));
        assertTrue(matches("+/tennis/#", "sport/tennis/player1"));
        assertTrue(matches("sport/+/player1", "sport/tennis/player1"));
    }

    @Test
    void singleLevelWildcardMatchesAnEmptyLevel() {
        assertTrue(matches("+/+", "/finance"));
        assertTrue(matches("/+", "/finance"));
        assertFalse(matches("+", "/finance"));
        assertTrue(matches("+/+/+", "a//c"));
    }

    @Test
    void singleLevelWildcardMustFillItsLevel() {
        assertTrue(isValidFilter("+"));
        assertTrue(isValidFilter("+/tennis/#"));
        assertTrue(isValidFilter("/+/"));
        assertFalse(isValidFilter("sport+"));
        assertFalse(isValidFilter("sport/+tennis"));
        assertFalse(isValidFilter("++"));
    }

    @Test
    void topicsStartingWithDollarAreNotMatchedByLeadingWildcards() {
        assertFalse(matches("#", "$SYS/broker/clients"));
        assertFalse(matches("+/monitor/Clients", "$SYS/monitor/Clients"));
        assertTrue(matches("$SYS/#", "$SYS/monitor/Clients"));
        assertTrue(matches("$SYS/monitor/+", "$SYS/monitor/Clients"));
        assertTrue(matches("gb/#", "gb/$x"));
    }

    @Test
    void levelsAreComparedExactlyAndCaseSensitively() {
        assertTrue(matches("gb/devices/34020000001320000001/status", "gb/devices/34020000001320000001/status"));
        assertFalse(matches("ACCOUNTS", "Accounts"));
        assertFalse(matches("a/b", "a/b/"));
        assertFalse(matches("a/b/", "a/b"));
        assertTrue(matches("a/b/", "a/b/"));
        assertTrue(matches("/", "/"));
        assertFalse(matches("a", "/a"));
    }

    @Test
    void topicNamesHaveNoWildcardsAndAreNeverEmpty() {
        assertTrue(isValidTopicName("gb/devices/1/status"));
        assertTrue(isValidTopicName("/"));
        assertFalse(isValidTopicName(""));
        assertFalse(isValidTopicName(null));
        assertFalse(isValidTopicName("gb/+/status"));
        assertFalse(isValidTopicName("gb/#"));
        assertFalse(matches("gb/#", "gb/+"));
    }

    @Test
    void nullCharactersAndEmptyFiltersAreInvalid() {
        assertFalse(isValidFilter(""));
        assertFalse(isValidFilter(null));
        assertFalse(isValidFilter("a\u0000b"));
        assertFalse(isValidTopicName("a\u0000b"));
        assertFalse(isValidFilter("a\ud800b"));
    }

    @Test
    void lengthIsLimitedTo65535BytesOfUtf8() {
        assertTrue(isValidTopicName("a".repeat(65_535)));
        assertFalse(isValidTopicName("a".repeat(65_536)));
        assertFalse(isValidTopicName("é".repeat(40_000)));
    }

    @Test
    void invalidFiltersNeverMatch() {
        assertFalse(matches("sport/tennis#", "sport/tennis#"));
        assertFalse(matches("", ""));
    }

    @Test
    void aLevelIsNonEmptyWithoutSeparatorsOrWildcards() {
        assertTrue(TopicFilter.isValidLevel("34020000001320000001"));
        assertFalse(TopicFilter.isValidLevel(""));
        assertFalse(TopicFilter.isValidLevel("a/b"));
        assertFalse(TopicFilter.isValidLevel("+"));
        assertFalse(TopicFilter.isValidLevel("a#"));
    }
}
