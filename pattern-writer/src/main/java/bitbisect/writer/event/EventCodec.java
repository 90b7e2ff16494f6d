package bitbisect.writer.event;

import bitbisect.writer.facts.Facts;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one place that turns events into JSON lines and back: written by {@link EventJson}, read by the mapper. */
public final class EventCodec {

    /** Built on first use: a writer run never reads JSON, and building the mapper costs it start time. */
    private static final class Mapper {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                // Readers of older or newer writers tolerate fields they do not know.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private EventCodec() {
    }

    /** The mapper with the event stream's conventions, for facts and other writer JSON. */
    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }

    /** One line of writer output, without its newline. */
    public static String toJson(Event event) {
        return EventJson.of(event);
    }

    /** The facts as one JSON object, indented or on one line. */
    public static String toJson(Facts facts, boolean pretty) {
        return EventJson.of(facts, pretty);
    }

    /**
     * The numbers of a corruption line held as UTF-8 bytes {@code [from, to)} (no newline), read
     * without building strings; null when the line is not a corruption line exactly as the
     * writer prints it, for {@link #parse} to read. Where it gives numbers, they are the ones
     * {@link #parse} gives.
     */
    public static CorruptionWords corruptionWords(byte[] line, int from, int to) {
        return CorruptionLines.words(line, from, to);
    }

    /** Parses one line of writer output. */
    public static Event parse(String line) throws JsonProcessingException {
        Event.Corruption c = CorruptionLines.corruption(line);
        if (c != null) {
            return c;
        }
        return Mapper.MAPPER.readValue(line, Event.class);
    }
}
