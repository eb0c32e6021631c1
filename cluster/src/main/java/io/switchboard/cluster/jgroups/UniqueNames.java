package io.switchboard.cluster.jgroups;

import io.switchboard.cluster.membership.Member;
import java.util.Optional;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Event;
import org.jgroups.Header;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.JoinRsp;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

/**
 * Refuses a join under a logical name that a live member already has. Sits right below GMS; on
 * the coordinator, a JOIN_REQ whose address names a member of the current view under a different
 * address is answered with a failed JoinRsp naming the duplicate (the joiner's connect fails with
 * it) and never reaches GMS, so the group never holds two members of one name.
 *
 * <p>A node that restarted under its old name looks the same until its dead incarnation is
 * suspected (a second or two for a killed process): the joiner retries for a bounded time
 * ({@link JGroupsMembership}) and gets in once the old incarnation left the view. Merges of
 * partitions are not checked: two live nodes of one name can only meet there if they started
 * while cut off from each other ({@link ViewTranslator} then keeps the later one).
 *
 * <p>Views arrive on one JGroups thread at a time; join requests on others: the view is volatile.
 */
final class UniqueNames extends Protocol {
  /** How a refusal starts: the joiner recognises it by this prefix. */
  static final String REFUSAL = "duplicate node name: ";

  private static final short GMS_ID = ClassConfigurator.getProtocolId(GMS.class);

  private final String clusterName;
  private volatile View view;

  UniqueNames(String clusterName) {
    this.clusterName = clusterName;
  }

  @Override
  public Object down(Event evt) {
    if (evt.getType() == Event.VIEW_CHANGE) {
      view = evt.getArg();
    }
    return down_prot.down(evt);
  }

  @Override
  public Object up(Message msg) {
    return refused(msg) ? null : up_prot.up(msg);
  }

  @Override
  public void up(MessageBatch batch) {
    batch.removeIf(this::refused, true);
    if (!batch.isEmpty()) {
      up_prot.up(batch);
    }
  }

  /** True (and the joiner told why) when {@code msg} is a join under a live member's name. */
  private boolean refused(Message msg) {
    Header h = msg.getHeader(GMS_ID);
    if (!(h instanceof GMS.GmsHeader gms) || (gms.getType() != GMS.GmsHeader.JOIN_REQ
        && gms.getType() != GMS.GmsHeader.JOIN_REQ_WITH_STATE_TRANSFER)) {
      return false;
    }
    Address joiner = msg.getSrc();
    Optional<String> live = liveHolder(joiner);
    if (live.isEmpty()) {
      return false;
    }
    String reason = REFUSAL + "'" + live.get() + "' is already a live member of cluster '"
        + clusterName + "'; start the new node with another --name (or stop the old one first)";
    log.warn("%s: refused join of %s: %s", getAddress(), joiner, reason);
    Message rsp = new BytesMessage(joiner).setFlag(Message.Flag.OOB)
        .putHeader(GMS_ID, new GMS.GmsHeader(GMS.GmsHeader.JOIN_RSP))
        .setArray(GMS.marshal(new JoinRsp(reason)));
    down_prot.down(rsp);
    return true;
  }

  /** The joiner's name when another address in the current view carries it. */
  private Optional<String> liveHolder(Address joiner) {
    View v = view;
    Optional<Member> who = MemberAddresses.decode(joiner);
    if (v == null || who.isEmpty() || v.containsMember(joiner)) {
      return Optional.empty();
    }
    String name = who.get().name();
    for (Address a : v.getMembers()) {
      if (MemberAddresses.decode(a).map(Member::name).filter(name::equals).isPresent()) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }
}
