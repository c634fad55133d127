package io.falcocorrelator.ingest;

import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.FalcoAlertJson;
import io.falcocorrelator.mapping.GroupHit;
import java.util.List;

/**
 * One alert as the receiver hands it to an {@link AlertIntake}: parsed, with the activity groups it
 * evidences (empty when it evidences none, or when the intake does not want hits).
 *
 * @param source the alert's JSON as received, kept only when {@link AlertIntake#keepsSource} asked
 *     for it; otherwise null
 */
public record ClassifiedAlert(FalcoAlert alert, List<GroupHit> hits, byte[] source) {
  /** The alert's JSON as received when the receiver kept it, else encoded again. */
  public byte[] json() {
    return source != null ? source : FalcoAlertJson.bytes(alert);
  }
}
