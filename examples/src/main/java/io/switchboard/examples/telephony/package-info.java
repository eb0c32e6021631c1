@NullMarked
package io.switchboard.examples.telephony;

import org.jspecify.annotations.NullMarked;
