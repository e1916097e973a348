import type { Message, Receipt } from './types';

export type Delivery = 'pending' | 'failed' | 'sent' | 'delivered' | 'read';

/**
 * The ticks of my own message from the other members' cursors: read when every other member read
 * up to it, delivered when every other member's device acknowledged it, else sent. `others` are the
 * cursors of the room's other members that this device knows.
 */
export function deliveryOf(message: Message, others: Receipt[]): Delivery {
  const rest = others.filter((r) => r.userId !== message.senderId);
  if (rest.length === 0) return 'sent';
  if (rest.every((r) => r.read >= message.seq)) return 'read';
  if (rest.every((r) => r.delivered >= message.seq)) return 'delivered';
  return 'sent';
}

/** Who (other than the sender) has read the message. */
export function readersOf(message: Message, others: Receipt[]): number[] {
  return others.filter((r) => r.userId !== message.senderId && r.read >= message.seq).map((r) => r.userId);
}
