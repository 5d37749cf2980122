package dev.portkit.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which address a request is attributed to, given the connection and its forwarding headers. */
class ClientAddressTest {

    private static final TrustedProxies PROXIES = TrustedProxies.parse("10.0.0.0/8, 192.168.1.7, fd00::/8");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // peer         | Forwarded                                  | X-Forwarded-For                 | client
                "203.0.113.9    | -                                          | 198.51.100.1                    | 203.0.113.9",
                "203.0.113.9    | for=198.51.100.1                           | -                               | 203.0.113.9",
                "10.1.2.3       | -                                          | -                               | 10.1.2.3",
                "10.1.2.3       | -                                          | 198.51.100.1                    | 198.51.100.1",
                "10.1.2.3       | -                                          | 6.6.6.6, 198.51.100.1           | 198.51.100.1",
                "10.1.2.3       | -                                          | 198.51.100.1, 10.9.9.9          | 198.51.100.1",
                "10.1.2.3       | -                                          | 198.51.100.1,192.168.1.7,10.0.0.1 | 198.51.100.1",
                "10.1.2.3       | -                                          | 10.0.0.5, 10.0.0.6              | 10.0.0.5",
                "10.1.2.3       | -                                          | unknown                         | 10.1.2.3",
                "10.1.2.3       | -                                          | 198.51.100.1, garbage           | 10.1.2.3",
                "10.1.2.3       | -                                          | lb.example.com                  | 10.1.2.3",
                "10.1.2.3       | for=198.51.100.1;proto=https               | 6.6.6.6                         | 198.51.100.1",
                "10.1.2.3       | for=\"[2001:db8::1]:4711\"                 | -                               | 2001:db8:0:0:0:0:0:1",
                "10.1.2.3       | for=198.51.100.1:8080, for=10.0.0.1        | -                               | 198.51.100.1",
                "10.1.2.3       | for=_hidden                                | -                               | 10.1.2.3",
                "fd00::1        | -                                          | 198.51.100.1                    | 198.51.100.1",
                "192.168.1.8    | -                                          | 198.51.100.1                    | 192.168.1.8",
            })
    void onlyTrustedProxiesNameTheClient(String peer, String forwarded, String forwardedFor, String client) {
        assertEquals(
                client,
                ClientAddress.resolve(
                        peer,
                        forwarded == null ? List.of() : List.of(forwarded),
                        forwardedFor == null ? List.of() : List.of(forwardedFor),
                        PROXIES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lb.internal", "10.0.0.0/33", "::1/129", "10.0.0", "10.0.0.256", "*", "10.0.0.0/-1", ","})
    void rangesThatAreNotAddressesAreRefused(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(entry));
        assertTrue(e.getMessage().contains("\""), e.getMessage());
    }
}
