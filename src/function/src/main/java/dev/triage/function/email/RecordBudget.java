package dev.triage.function.email;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * The time one SQS record may take. Funqy hands a batch's records to the function one after another,
 * and Lambda's timeout covers the whole batch, so one hostile message must not spend the time of the
 * records after it. Nothing can stop a thread from outside, so the record stops itself: between its
 * steps, and at every read of the message from S3 (reading and parsing are where an object's size
 * costs time; every other step is bounded by {@link dev.triage.email.MailLimits} and the model's
 * sequence length).
 */
public final class RecordBudget {

    private final Duration budget;
    private final long deadline;

    private RecordBudget(Duration budget) {
        this.budget = budget;
        this.deadline = System.nanoTime() + budget.toNanos();
    }

    public static RecordBudget start(Duration budget) {
        return new RecordBudget(budget);
    }

    public boolean isSpent() {
        return System.nanoTime() - deadline > 0;
    }

    /** Throws {@link Exceeded} when the budget is spent; {@code step} names what was about to happen. */
    public void check(String step) {
        if (isSpent()) {
            throw new Exceeded("the record's time budget of " + budget.toMillis() + " ms ran out before " + step);
        }
    }

    /** A stream whose reads fail once the budget is spent, so a parser reading it stops there. */
    public InputStream guard(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                stopIfSpent();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                stopIfSpent();
                return super.read(b, off, len);
            }

            @Override
            public long skip(long n) throws IOException {
                stopIfSpent();
                return super.skip(n);
            }

            private void stopIfSpent() throws InterruptedIOException {
                if (isSpent()) {
                    throw new InterruptedIOException("the record's time budget of " + budget.toMillis() + " ms ran out while reading");
                }
            }
        };
    }

    /** The budget ran out. Retried (it may be a slow S3) until it has run out budget-attempts times. */
    public static final class Exceeded extends RuntimeException {
        public Exceeded(String message) {
            super(message, null, false, false);
        }
    }
}
