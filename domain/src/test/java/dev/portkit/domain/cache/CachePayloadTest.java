package dev.portkit.domain.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachePayloadTest {

    private final Codec<String> utf8 = Codec.utf8();

    @Test
    void valueRoundTrips() {
        CachePayload.Read<String> read = CachePayload.read(CachePayload.ofValue("héllo", utf8), utf8);

        assertEquals(CachePayload.Outcome.HIT, read.outcome());
        assertEquals(Optional.of("héllo"), read.value());
    }

    @Test
    void emptyStringIsAValueNotAnAbsence() {
        CachePayload.Read<String> read = CachePayload.read(CachePayload.ofValue("", utf8), utf8);

        assertEquals(Optional.of(""), read.value());
    }

    @Test
    void absenceIsAHitWithoutValue() {
        CachePayload.Read<String> read = CachePayload.read(CachePayload.ofAbsence(), utf8);

        assertTrue(read.hit());
        assertEquals(Optional.empty(), read.value());
    }

    @Test
    void nothingStoredIsAMiss() {
        assertEquals(CachePayload.Outcome.MISS, CachePayload.read(null, utf8).outcome());
    }

    @Test
    void payloadOfAnotherFormatVersionIsUndecodable() {
        byte[] payload = CachePayload.ofValue("v", utf8);
        payload[0] = (byte) (CachePayload.FORMAT_VERSION + 1);

        CachePayload.Read<String> read = CachePayload.read(payload, utf8);

        assertEquals(CachePayload.Outcome.UNDECODABLE, read.outcome());
        assertFalse(read.hit());
    }

    @Test
    void corruptPayloadsAreUndecodable() {
        for (byte[] corrupt : new byte[][] {
            {}, {CachePayload.FORMAT_VERSION}, {CachePayload.FORMAT_VERSION, 7, 1}, {CachePayload.FORMAT_VERSION, 0, 1}
        }) {
            assertEquals(
                    CachePayload.Outcome.UNDECODABLE,
                    CachePayload.read(corrupt, utf8).outcome());
        }
    }

    @Test
    void codecFailureIsUndecodable() {
        Codec<Integer> failing = new Codec<>() {
            @Override
            public byte[] encode(Integer value) {
                return new byte[] {value.byteValue()};
            }

            @Override
            public Integer decode(byte[] bytes) {
                throw new IllegalStateException("boom");
            }
        };

        assertEquals(
                CachePayload.Outcome.UNDECODABLE,
                CachePayload.read(CachePayload.ofValue(1, failing), failing).outcome());
    }
}
