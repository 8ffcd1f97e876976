package io.praetor.domain.detect;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The import body as the parser sees it: counts bytes against the import limit and checks that they
 * are UTF-8 with a strict JDK decoder before the parser sees them.
 *
 * <p>On an invalid sequence it first hands over the valid bytes before it and fails on the next
 * read, so the parser's position at the failure is the position of the bad byte. A NUL among the
 * first four bytes means UTF-16 or UTF-32 (which jackson would otherwise auto-detect) and is refused.
 */
final class BoundedUtf8Input extends FilterInputStream {
    private final long maxBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer scratch = CharBuffer.allocate(8192);
    private ByteBuffer carry = ByteBuffer.allocate(8);
    private long total;
    private PraetorException pending;
    private boolean eof;

    BoundedUtf8Input(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
    }

    long bytesRead() {
        return total;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (pending != null) {
            throw pending;
        }
        if (eof) {
            return -1;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            eof = true;
            finish();
            return -1;
        }
        if (n == 0) {
            return 0;
        }
        long before = total;
        total += n;
        if (total > maxBytes) {
            throw new PraetorException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "inventory import larger than " + maxBytes + " bytes",
                    List.of(InputIssue.field("body", "larger than " + maxBytes + " bytes")));
        }
        if (before < 4) {
            for (int i = 0; i < n && before + i < 4; i++) {
                if (b[off + i] == 0) {
                    throw notUtf8(before + i, "a NUL byte at the start: UTF-16 or UTF-32, not UTF-8");
                }
            }
        }
        int valid = validate(b, off, n, before);
        if (valid < n) {
            if (valid <= 0) {
                throw pending;
            }
            return valid;
        }
        return n;
    }

    /** Returns how many of the bytes can be handed on; sets {@link #pending} on an invalid sequence. */
    private int validate(byte[] b, int off, int n, long offsetOfChunk) {
        int carried = carry.position();
        ByteBuffer input;
        if (carried > 0) {
            carry.flip();
            input = ByteBuffer.allocate(carried + n);
            input.put(carry).put(b, off, n).flip();
            carry.clear();
        } else {
            input = ByteBuffer.wrap(b, off, n);
        }
        int startOfInput = carried > 0 ? 0 : off;
        while (true) {
            scratch.clear();
            CoderResult result = decoder.decode(input, scratch, false);
            if (result.isOverflow()) {
                continue;
            }
            if (result.isUnderflow()) {
                if (input.hasRemaining()) {
                    if (input.remaining() > carry.capacity()) {
                        carry = ByteBuffer.allocate(input.remaining());
                    }
                    carry.put(input);
                }
                return n;
            }
            // Malformed: the bad sequence starts at input.position().
            int badInChunk = input.position() - startOfInput - carried;
            pending = notUtf8(offsetOfChunk + badInChunk, "invalid UTF-8 byte sequence");
            return badInChunk;
        }
    }

    private void finish() throws IOException {
        if (carry.position() > 0) {
            pending = notUtf8(total - carry.position(), "truncated UTF-8 byte sequence at the end");
            throw pending;
        }
    }

    private static PraetorException notUtf8(long offset, String what) {
        String message = "body is not UTF-8: " + what + " at byte offset " + offset;
        return new PraetorException(ErrorCode.MALFORMED, message, List.of(InputIssue.field("body", message)));
    }
}
