package io.github.netboot6.codec;

/**
 * Walks a whole message the way a server would: the header, every option, the nested options of
 * every container, and every relay level, iteratively, with one iterator per nesting level and two
 * readers swapped at each relay level. Allocates nothing after construction unless tracing.
 *
 * <p>It folds what it reads into {@link #checksum} so that the JIT cannot drop the reads, and can
 * write a trace, one line per message and option with offsets relative to the wrapped message:
 * {@code "msg 12 @0 hop 1"}, {@code " 3@22+40"} (code 3 at 22, length 40, two spaces per level).
 */
final class Walker {
  private final boolean depthFirst;
  private final MessageReader spare = new MessageReader();
  // One more level than the iterators accept, so that the walker tries to go too deep.
  private final OptionIterator[] stack = new OptionIterator[OptionIterator.MAX_OPTION_DEPTH + 2];
  private StringBuilder trace;
  private int base;
  long checksum;
  int options;
  int messages;
  DecodeStatus status = DecodeStatus.OK;
  int errorOffset = -1;
  String errorMessage = "";

  /** A walker with an iterator per nesting level ({@link OptionIterator#nested}). */
  Walker() {
    this(false);
  }

  /**
   * A walker with an iterator per nesting level, or, if {@code depthFirst}, one iterator per relay
   * level that walks the nested options itself ({@link OptionIterator#nextDepthFirst()}).
   */
  Walker(boolean depthFirst) {
    this.depthFirst = depthFirst;
    for (int i = 0; i < stack.length; i++) {
      stack[i] = new OptionIterator();
    }
  }

  /** Walks with a trace, returned; {@link #status} tells how the walk ended. */
  String trace(MessageReader reader) {
    trace = new StringBuilder();
    base = reader.offset();
    walk(reader);
    String result = trace.toString();
    trace = null;
    return result;
  }

  /**
   * Walks the message that {@code reader} wraps; {@code reader} is reused for inner messages.
   *
   * @return the status of the first problem, or OK
   */
  DecodeStatus walk(MessageReader reader) {
    status = DecodeStatus.OK;
    errorOffset = -1;
    MessageReader current = reader;
    MessageReader next = spare;
    while (true) {
      if (current.status() != DecodeStatus.OK) {
        return fail(current.status(), current.errorOffset(), current);
      }
      messages++;
      checksum += current.messageTypeCode() + current.transactionId() + current.hopCount();
      checksum += current.linkAddressLow() ^ current.peerAddressHigh();
      if (trace != null) {
        trace.append("msg ").append(current.messageTypeCode()).append(" @");
        trace.append(current.offset() - base);
        if (current.isRelay()) {
          trace.append(" hop ").append(current.hopCount());
        }
        trace.append('\n');
      }
      boolean inner = false;
      current.options(stack[0]);
      int top = 0;
      while (top >= 0) {
        OptionIterator it = stack[depthFirst ? 0 : top];
        if (depthFirst ? !it.nextDepthFirst() : !it.next()) {
          if (it.status() != DecodeStatus.OK) {
            return fail(it.status(), it.errorOffset(), it);
          }
          top = depthFirst ? -1 : top - 1;
          continue;
        }
        if (depthFirst) {
          top = it.depth();
        }
        options++;
        checksum += 31L * it.code() + it.length() + it.valueOffset();
        if (it.length() >= 2) {
          checksum += it.uint16At(0);
        }
        if (trace != null) {
          trace.append("  ".repeat(top + 1)).append(it.code()).append('@');
          trace.append(it.optionOffset() - base).append('+').append(it.length()).append('\n');
        }
        if (top == 0 && it.code() == 9 && current.isRelay() && !inner) {
          next.wrapRelayMessage(it);
          inner = true;
        } else if (!depthFirst && it.hasNestedOptions()) {
          it.nested(stack[++top]);
        }
      }
      if (!current.isRelay()) {
        return DecodeStatus.OK;
      }
      if (!inner) {
        return fail(DecodeStatus.MISSING_RELAY_MESSAGE, current.offset(), null);
      }
      MessageReader swap = current;
      current = next;
      next = swap;
    }
  }

  private DecodeStatus fail(DecodeStatus status, int offset, Object source) {
    this.status = status;
    this.errorOffset = offset;
    if (trace != null && source != null) {
      errorMessage =
          source instanceof MessageReader
              ? ((MessageReader) source).toException().getMessage()
              : ((OptionIterator) source).toException().getMessage();
    }
    return status;
  }
}
