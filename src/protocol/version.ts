/** Widget⇄server protocol version; bump with an entry under "History" in docs/PROTOCOL.md. */
export const PROTOCOL_VERSION = 1;
