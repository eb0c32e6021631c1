package io.switchboard.examples.telephony;

import java.util.Locale;

/** The states of a {@link Line}: idle → off_hook → dialing → ringing → connected → idle. */
public enum LineState {
  IDLE,
  OFF_HOOK,
  DIALING,
  RINGING,
  CONNECTED;

  /** The wire name ({@code off_hook}, ...). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
