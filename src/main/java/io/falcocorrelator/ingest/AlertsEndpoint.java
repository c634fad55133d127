package io.falcocorrelator.ingest;

import io.falcocorrelator.event.AlertReader;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.ItemError;
import io.falcocorrelator.mapping.Classifier;
import io.falcocorrelator.mapping.GroupHit;
import io.falcocorrelator.metrics.Metrics;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code POST /}'s work on a whole body: where Falco's {@code http_output} and Falcosidekick's
 * webhook post. The body is one alert, a JSON array or NDJSON. Alerts are parsed and classified
 * here (unless the intake forwards them unclassified) and submitted to the {@link AlertIntake} as
 * one batch; the answer is 200 only once the intake accepted it. No correlation happens here.
 */
final class AlertsEndpoint implements BoundedBodyHandler.BodyConsumer {
  private final Supplier<Classifier> rules;
  private final AlertIntake intake;
  private final Metrics metrics;
  private final BatchAnswer answer;
  private final AlertReader reader;

  /**
   * @param maxLineBytes the longest alert line read ({@code limits.max_body_bytes})
   */
  AlertsEndpoint(
      Supplier<Classifier> rules,
      AlertIntake intake,
      Metrics metrics,
      SchemaExplainer schema,
      int maxLineBytes) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.intake = Objects.requireNonNull(intake, "intake");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.answer = new BatchAnswer(metrics, Objects.requireNonNull(schema, "schema"));
    this.reader = new AlertReader(maxLineBytes);
  }

  @Override
  public void body(HttpServerExchange ex, byte[] body, long startNanos) {
    Batch batch = read(body);
    answer.counted(batch.accepted.size(), batch.errors);
    if (batch.accepted.isEmpty() && batch.errors.isEmpty()) {
      answer.empty(ex);
      return;
    }
    CompletableFuture<Admission> admission =
        batch.accepted.isEmpty()
            ? Admission.ACCEPTED.completed().toCompletableFuture()
            : intake.submit(batch.accepted).toCompletableFuture();
    if (admission.isDone()) {
      answer.send(ex, body, batch.accepted.size(), batch.errors, admission.join(), startNanos);
      return;
    }
    // Answered once the intake has decided (a journal write, a broker acknowledgement), on the
    // exchange's IO thread: answering from the intake's thread was measured slower (it
    // serializes the socket writes).
    ex.dispatch(
        SameThreadExecutor.INSTANCE,
        () ->
            admission.whenComplete(
                (decided, failure) ->
                    ex.getIoThread()
                        .execute(
                            () ->
                                answer.send(
                                    ex,
                                    body,
                                    batch.accepted.size(),
                                    batch.errors,
                                    failure == null ? decided : Admission.QUEUE_FULL,
                                    startNanos))));
  }

  /** What one body held: classified alerts ready to submit, and the rejected items. */
  private static final class Batch {
    final List<ClassifiedAlert> accepted = new ArrayList<>(1);
    final List<ItemError> errors = new ArrayList<>(0);
  }

  private Batch read(byte[] body) {
    Batch batch = new Batch();
    Classifier classifier = intake.wantsHits() ? rules.get() : null;
    reader.read(
        body,
        new AlertReader.Listener() {
          @Override
          public void alert(FalcoAlert alert, ItemError.Locator locator, long position) {
            alert(alert, locator, position, null, 0, 0);
          }

          @Override
          public void alert(
              FalcoAlert alert,
              ItemError.Locator locator,
              long position,
              byte[] source,
              int offset,
              int length) {
            if (alert.isInternal()) {
              countDrops(alert);
            }
            List<GroupHit> hits = classifier != null ? classifier.classify(alert) : List.of();
            // Journaling the bytes as received is a copy; encoding the alert again cost more than
            // its parse.
            byte[] json =
                source != null && intake.keepsSource(hits)
                    ? Arrays.copyOfRange(source, offset, offset + length)
                    : null;
            batch.accepted.add(new ClassifiedAlert(alert, hits, json));
          }

          @Override
          public void error(ItemError error) {
            batch.errors.add(error);
          }
        });
    return batch;
  }

  /** Falco's "syscall event drop" messages say how much evidence may be missing. */
  private void countDrops(FalcoAlert alert) {
    Object drops = alert.field("n_drops");
    if (drops != null) {
      try {
        metrics.falcoDrops(Long.parseLong(drops.toString()));
      } catch (NumberFormatException ignored) {
        // Not a count: nothing to add.
      }
    }
  }

  @Override
  public String toString() {
    return "falco-alerts( " + intake.getClass().getSimpleName() + " )";
  }
}
