package dev.portkit.application.session;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes and checks passwords with PBKDF2-HMAC-SHA256 from the JDK: a random 16-byte salt per hash,
 * a 32-byte key, and many iterations so that guessing is slow. Hashes are encoded as
 *
 * <pre>pbkdf2-sha256$ITERATIONS$SALT$HASH</pre>
 *
 * with {@code SALT} and {@code HASH} in base64 without padding. A hash carries its own iteration
 * count, so raising {@link #DEFAULT_ITERATIONS} later keeps old hashes valid. Comparison is
 * constant-time. Thread-safe.
 */
public final class PasswordHasher {

    /** OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023). */
    public static final int DEFAULT_ITERATIONS = 600_000;

    /** Longer passwords are rejected before hashing: the KDF must not become a denial of service. */
    public static final int MAX_PASSWORD_LENGTH = 1024;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int MAX_ITERATIONS = 100_000_000;
    private static final Pattern FORMAT =
            Pattern.compile("pbkdf2-sha256\\$([1-9][0-9]{0,8})\\$([A-Za-z0-9+/]{22})\\$([A-Za-z0-9+/]{43})");

    private final int iterations;
    private final KeyDerivation kdf;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** @param iterations for new hashes, and the work spent on logins of unknown users */
    public PasswordHasher(int iterations) {
        this(iterations, PasswordHasher::pbkdf2);
    }

    /** With another key derivation: for tests that count the work a login does. */
    PasswordHasher(int iterations, KeyDerivation kdf) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1 to " + MAX_ITERATIONS + ", was " + iterations);
        }
        this.iterations = iterations;
        this.kdf = Objects.requireNonNull(kdf, "kdf");
        // Random bytes where the key would be: no password matches, and checking one costs what a
        // real check costs, without deriving a key at start-up (0.3 s or more on a busy core).
        this.dummyHash = encode(iterations, randomBytes(SALT_BYTES), randomBytes(HASH_BYTES));
    }

    /** A new encoded hash of the password, with a fresh salt. */
    public String hash(char[] password) {
        checkLength(password);
        byte[] salt = randomBytes(SALT_BYTES);
        return encode(iterations, salt, kdf.derive(password, salt, iterations));
    }

    /**
     * Whether the password matches the encoded hash, compared in constant time.
     *
     * @throws IllegalArgumentException if {@code encoded} is not a hash of this format
     */
    public boolean matches(char[] password, String encoded) {
        Matcher m = parse(encoded);
        // An overlong password still costs one full derivation (of nothing, so the KDF's work stays
        // bounded): answering it faster would tell which usernames exist.
        boolean tooLong = password.length > MAX_PASSWORD_LENGTH;
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] expected = base64.decode(m.group(3));
        byte[] actual =
                kdf.derive(tooLong ? new char[0] : password, base64.decode(m.group(2)), Integer.parseInt(m.group(1)));
        return MessageDigest.isEqual(expected, actual) && !tooLong;
    }

    /**
     * Spends the same work as {@link #matches} on a hash of this hasher's cost, for a user who does
     * not exist: a login must not reveal by its speed which usernames are real. (A user whose stored
     * hash has another cost takes that cost's time; rehash old hashes when raising the cost.)
     */
    public void spendVerificationTime(char[] password) {
        matches(password, dummyHash);
    }

    /** Whether {@code encoded} is a hash this class can check, e.g. to validate configuration. */
    public static boolean isWellFormed(String encoded) {
        if (encoded == null) {
            return false;
        }
        Matcher m = FORMAT.matcher(encoded);
        return m.matches() && Integer.parseInt(m.group(1)) <= MAX_ITERATIONS;
    }

    private static Matcher parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        Matcher m = FORMAT.matcher(encoded);
        if (!m.matches() || Integer.parseInt(m.group(1)) > MAX_ITERATIONS) {
            throw new IllegalArgumentException("not a " + SCHEME + "$ITERATIONS$SALT$HASH password hash");
        }
        return m;
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String encode(int iterations, byte[] salt, byte[] key) {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(key);
    }

    private static void checkLength(char[] password) {
        Objects.requireNonNull(password, "password");
        if (password.length > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("passwords have at most " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    /** PBKDF2-HMAC-SHA256 from the JDK. */
    static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Derives a key of {@value #HASH_BYTES} bytes from a password; the costly step of every check. */
    @FunctionalInterface
    interface KeyDerivation {
        byte[] derive(char[] password, byte[] salt, int iterations);
    }

    /** Shows the cost only. */
    @Override
    public String toString() {
        return "PasswordHasher[" + SCHEME + ", " + iterations + " iterations]";
    }
}
